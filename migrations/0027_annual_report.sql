-- P-14 行政执法统计年报: per agency and year, the totals of 许可, 处罚, 强制, 检查, 征收, 征用
-- (and 收费 where the agency has it), rolled up along the organisation tree.
--
-- What counts (the rule, also in src/domains/statistics/rules.ts): a case counts once, for the
-- agency that handles it, in the year (China date) of its live deciding action — the action
-- that is the 执法决定 of its kind (annual_report_source, data). A correction of that action
-- (supersedes) replaces it with its own date; nothing else moves a case between years.
--
-- annual_report_entry is the set-based index of those actions, derived (like
-- publication_search): only the trigger below writes it, the app role reads it, so a report
-- over millions of cases is a count over an index, never a scan of case_action.
-- The report itself: computed live while a draft; 报送 (to the 司法局) and 公开 freeze its
-- numbers as an append-only version; after publication a re-computation is a new version
-- with a correction note, never an edit.

CREATE TABLE annual_report_kind (
  kind text PRIMARY KEY,
  name text NOT NULL,
  sort integer NOT NULL UNIQUE,
  -- reported (as 0 when there are no cases) for every enforcement body; otherwise only
  -- where the agency has it (行政收费)
  core boolean NOT NULL
);
GRANT SELECT ON annual_report_kind TO zhifa_app;
INSERT INTO annual_report_kind (kind, name, sort, core) VALUES
  ('许可', '行政许可', 1, true),
  ('处罚', '行政处罚', 2, true),
  ('强制', '行政强制', 3, true),
  ('检查', '行政检查', 4, true),
  ('征收', '行政征收', 5, true),
  ('征用', '行政征用', 6, true),
  ('收费', '行政收费', 7, false);

-- Which action of which case kind decides the case for the report (F-07: data).
-- 征收征用 is one case kind: its 决定 counts as 征用 when data->>'category' = '征用', else 征收.
CREATE TABLE annual_report_source (
  case_kind text NOT NULL,
  action_type text NOT NULL,
  report_kind text NOT NULL REFERENCES annual_report_kind(kind),
  basis text NOT NULL,
  PRIMARY KEY (case_kind, action_type),
  FOREIGN KEY (case_kind, action_type) REFERENCES case_action_type(kind, code)
);
GRANT SELECT ON annual_report_source TO zhifa_app;
INSERT INTO annual_report_source (case_kind, action_type, report_kind, basis) VALUES
  ('处罚-简易', '现场处罚决定', '处罚', '行政处罚法第五十一条、第五十二条：当场作出行政处罚决定'),
  ('处罚-普通', '决定', '处罚', '行政处罚法第五十七条：作出行政处罚决定（含不予行政处罚决定）'),
  ('许可', '决定', '许可', '行政许可法第三十七条、第三十八条：作出准予或者不予行政许可的决定'),
  ('强制-措施', '实施', '强制', '行政强制法第十八条：实施行政强制措施'),
  ('强制-执行', '强制执行决定', '强制', '行政强制法第三十七条：作出强制执行决定'),
  ('检查', '检查结论', '检查', '行政检查作出检查结论'),
  ('征收征用', '决定', '征收', '作出征收或者征用决定（data.category = 征用 时计为征用）'),
  ('收费', '核定', '收费', '核定收费');

CREATE TABLE annual_report_entry (
  action_id uuid PRIMARY KEY REFERENCES case_action(id),
  case_id uuid NOT NULL REFERENCES enforcement_case(id),
  agency_id uuid NOT NULL REFERENCES org_node(id),
  report_kind text NOT NULL REFERENCES annual_report_kind(kind),
  decided_on date NOT NULL
);
-- counts per (agency, kind, year) and an agency's drill-down in keyset order: index only
CREATE INDEX annual_report_entry_agency ON annual_report_entry (agency_id, report_kind, decided_on, case_id);
-- a region's drill-down, walked in keyset order and filtered by the subtree's agencies
CREATE INDEX annual_report_entry_kind ON annual_report_entry (report_kind, decided_on, case_id) INCLUDE (agency_id);
GRANT SELECT ON annual_report_entry TO zhifa_app;

/** P-14: the report kind of a live action, or NULL when it does not decide its case for the report. */
CREATE FUNCTION annual_report_kind_of(p_kind text, p_type text, p_data jsonb) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN s.report_kind = '征收' AND p_data->>'category' = '征用' THEN '征用' ELSE s.report_kind END
    FROM annual_report_source s WHERE s.case_kind = p_kind AND s.action_type = p_type
$$;

/** P-14: keeps annual_report_entry equal to the live deciding actions (a correction replaces what it corrects). */
CREATE FUNCTION annual_report_entry_index() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = zhifa, public AS $$
DECLARE k text := annual_report_kind_of(NEW.kind, NEW.type, NEW.data);
BEGIN
  IF NEW.supersedes_id IS NOT NULL THEN
    DELETE FROM annual_report_entry WHERE action_id = NEW.supersedes_id;
  END IF;
  IF k IS NOT NULL THEN
    INSERT INTO annual_report_entry (action_id, case_id, agency_id, report_kind, decided_on)
    SELECT NEW.id, NEW.case_id, c.agency_id, k, NEW.acted_on FROM enforcement_case c WHERE c.id = NEW.case_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER case_action_annual_report AFTER INSERT ON case_action FOR EACH ROW EXECUTE FUNCTION annual_report_entry_index();

/**
 * P-14: rebuilds the entries of every live deciding action, set-based. Used once here for the
 * cases that exist, and by the bulk dataset generator, which loads actions without row triggers.
 */
CREATE FUNCTION annual_report_entry_rebuild() RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = zhifa, public AS $$
DECLARE n bigint;
BEGIN
  DELETE FROM annual_report_entry;
  INSERT INTO annual_report_entry (action_id, case_id, agency_id, report_kind, decided_on)
  SELECT a.id, a.case_id, c.agency_id,
         CASE WHEN s.report_kind = '征收' AND a.data->>'category' = '征用' THEN '征用' ELSE s.report_kind END, a.acted_on
    FROM case_action a
    JOIN annual_report_source s ON s.case_kind = a.kind AND s.action_type = a.type
    JOIN enforcement_case c ON c.id = a.case_id
   WHERE NOT EXISTS (SELECT 1 FROM case_action x WHERE x.supersedes_id = a.id);
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;
REVOKE ALL ON FUNCTION annual_report_entry_rebuild() FROM PUBLIC;
SELECT annual_report_entry_rebuild();

-- One report per agency and year; its state is its versions and events.
CREATE TABLE annual_report (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES org_node(id),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (agency_id, year)
);
CREATE TRIGGER annual_report_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON annual_report
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON annual_report TO zhifa_app;

-- The frozen numbers: {"许可": 12, "处罚": 0, …}, one key per reported kind. Version 1 is the
-- first 报送; every later version is a re-computation and carries its correction note.
CREATE TABLE annual_report_version (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  report_id uuid NOT NULL REFERENCES annual_report(id),
  version integer NOT NULL CHECK (version >= 1),
  totals jsonb NOT NULL CHECK (jsonb_typeof(totals) = 'object'),
  note text CHECK (length(btrim(note)) BETWEEN 1 AND 2000),
  created_by uuid NOT NULL REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (report_id, version),
  CHECK ((version = 1) = (note IS NULL))
);
CREATE TRIGGER annual_report_version_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON annual_report_version
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON annual_report_version TO zhifa_app;

/** P-14: versions are numbered without gaps and hold a non-negative integer for known kinds only. */
CREATE FUNCTION annual_report_version_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.version <> coalesce((SELECT max(version) FROM annual_report_version WHERE report_id = NEW.report_id), 0) + 1 THEN
    RAISE EXCEPTION '年报版本号必须连续' USING ERRCODE = 'check_violation', HINT = 'REPORT_VERSION';
  END IF;
  IF EXISTS (SELECT 1 FROM jsonb_each(NEW.totals) t
              WHERE t.key NOT IN (SELECT kind FROM annual_report_kind)
                 OR jsonb_typeof(t.value) <> 'number' OR (t.value)::numeric < 0 OR (t.value)::numeric <> trunc((t.value)::numeric)) THEN
    RAISE EXCEPTION '年报数字必须是已知执法类别的非负整数' USING ERRCODE = 'check_violation', HINT = 'REPORT_TOTALS';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER annual_report_version_legal BEFORE INSERT ON annual_report_version FOR EACH ROW EXECUTE FUNCTION annual_report_version_check();

-- 报送 (to the 司法局) and 公开 of a version, with the deadline that applied and whether it was met.
CREATE TABLE annual_report_event (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  version_id uuid NOT NULL REFERENCES annual_report_version(id),
  event text NOT NULL CHECK (event IN ('submitted', 'published')),
  bureau_id uuid REFERENCES justice_bureau(org_id),
  on_date date NOT NULL,
  due_on date NOT NULL,
  late boolean NOT NULL,
  by_user uuid NOT NULL REFERENCES app_user(id),
  at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (version_id, event),
  CHECK (late = (on_date > due_on))
);
CREATE TRIGGER annual_report_event_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON annual_report_event
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON annual_report_event TO zhifa_app;

/**
 * P-14: a version is published only after it was 报送; only the newest version may be
 * submitted or published; the dates are those of the report year's deadlines (10 and
 * 31 January of the next year) and the day in China.
 */
CREATE FUNCTION annual_report_event_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v annual_report_version;
  r annual_report;
BEGIN
  SELECT * INTO v FROM annual_report_version WHERE id = NEW.version_id;
  SELECT * INTO r FROM annual_report WHERE id = v.report_id;
  IF v.version <> (SELECT max(version) FROM annual_report_version WHERE report_id = v.report_id) THEN
    RAISE EXCEPTION '只能报送或公开最新版本的年报' USING ERRCODE = 'check_violation', HINT = 'REPORT_NOT_LATEST';
  END IF;
  IF NEW.event = 'published' AND NOT EXISTS (SELECT 1 FROM annual_report_event e WHERE e.version_id = NEW.version_id AND e.event = 'submitted') THEN
    RAISE EXCEPTION '年报须先报送司法行政部门，再向社会公开' USING ERRCODE = 'check_violation', HINT = 'REPORT_NOT_SUBMITTED';
  END IF;
  IF NEW.due_on <> make_date(r.year + 1, 1, CASE NEW.event WHEN 'submitted' THEN 10 ELSE 31 END) THEN
    RAISE EXCEPTION '年报期限应为次年1月10日（报送）或1月31日（公开）' USING ERRCODE = 'check_violation', HINT = 'REPORT_DUE';
  END IF;
  IF NEW.on_date <> china_today() OR NEW.on_date <= make_date(r.year, 12, 31) THEN
    RAISE EXCEPTION '报送或公开日期应为今天，且在统计年度结束之后' USING ERRCODE = 'check_violation', HINT = 'REPORT_DATE';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER annual_report_event_legal BEFORE INSERT ON annual_report_event FOR EACH ROW EXECUTE FUNCTION annual_report_event_check();

/** P-14: once a version is published, a new version of the report needs its correction note (the CHECK) and never replaces the published one. */
CREATE FUNCTION annual_report_version_after_publication() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.version > 1 AND NOT EXISTS (
       SELECT 1 FROM annual_report_version p JOIN annual_report_event e ON e.version_id = p.id
        WHERE p.report_id = NEW.report_id AND p.version = NEW.version - 1) THEN
    RAISE EXCEPTION '上一版本尚未报送或公开，无需新版本' USING ERRCODE = 'check_violation', HINT = 'REPORT_DRAFT_OPEN';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER annual_report_version_sequence BEFORE INSERT ON annual_report_version FOR EACH ROW EXECUTE FUNCTION annual_report_version_after_publication();

CREATE TRIGGER annual_report_version_ledger AFTER INSERT ON annual_report_version FOR EACH ROW EXECUTE FUNCTION ledger_record_row();
CREATE TRIGGER annual_report_event_ledger AFTER INSERT ON annual_report_event FOR EACH ROW EXECUTE FUNCTION ledger_record_row();
