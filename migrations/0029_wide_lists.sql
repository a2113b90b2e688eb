-- N-02: lists wider than one agency page newest-first by keyset without sorting the region.
-- A province-wide supervisor's case list (GET /api/cases) walks this index from the newest case
-- (or from the cursor's (created_at, id)) and stops after one page; enforcement_case_agency
-- serves one agency's list.
CREATE INDEX enforcement_case_created ON enforcement_case (created_at DESC, id DESC);

-- N-02: the complaint list (GET /api/complaints) pages by keyset on (received_at, id).
CREATE INDEX complaint_received ON complaint (received_at, id);
