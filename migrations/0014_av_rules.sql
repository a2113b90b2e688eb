-- R-06 音像记录: each agency's 音像记录事项清单 as data, the reasons recorded when an expected
-- recording is absent, and the status of every action against the list.

-- One row per list entry. agency_id NULL: the national default. An entry may narrow an action
-- type by one data field (实施 with data->>'measure' = '查封'). Append-only: a change is a new
-- row with a later effective_from; for an act the agency's own entries win over the national
-- default, a narrowed entry over a general one, then the latest in effect on the action's date.
CREATE TABLE av_list_entry (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  n bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  agency_id uuid REFERENCES org_node(id),
  kind text NOT NULL,
  action_type text NOT NULL,
  data_key text CHECK (data_key ~ '^[A-Za-z][A-Za-z0-9]{0,49}$'),
  data_value text CHECK (length(data_value) BETWEEN 1 AND 50),
  act text NOT NULL CHECK (length(act) BETWEEN 1 AND 50),
  level text NOT NULL CHECK (level IN ('required', 'expected')),
  recorded_how text NOT NULL CHECK (length(recorded_how) BETWEEN 1 AND 50),
  source text NOT NULL CHECK (length(source) BETWEEN 1 AND 200),
  effective_from date NOT NULL,
  created_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (kind, action_type) REFERENCES case_action_type(kind, code),
  CHECK ((data_key IS NULL) = (data_value IS NULL))
);
CREATE INDEX av_list_entry_act ON av_list_entry (kind, action_type, agency_id);
CREATE TRIGGER av_list_entry_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON av_list_entry
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON av_list_entry TO zhifa_app;

-- The national default (s001 §(三)2 全程音像记录; s000 §2(二)3; s002 §7).
INSERT INTO av_list_entry (agency_id, kind, action_type, data_key, data_value, act, level, recorded_how, source, effective_from) VALUES
  (NULL, '强制-措施', '实施', 'measure', '查封', '查封财产', 'required', '全程音像', '国办发〔2018〕118号 三(二)；行政强制法第十八条', '2019-01-01'),
  (NULL, '强制-措施', '实施', 'measure', '扣押', '扣押财产', 'required', '全程音像', '国办发〔2018〕118号 三(二)；行政强制法第十八条', '2019-01-01'),
  (NULL, '强制-措施', '实施', 'measure', '限制人身自由', '限制公民人身自由', 'required', '全程音像', '国办发〔2018〕118号 三(二)；行政强制法第九条第一项', '2019-01-01'),
  (NULL, '强制-执行', '实施', 'measure', '强制拆除', '强制拆除', 'required', '全程音像', '国办发〔2018〕118号 三(二)；行政强制法第四十四条', '2019-01-01'),
  (NULL, '强制-措施', '实施', NULL, NULL, '行政强制', 'expected', '音像或照片', '国办发〔2018〕118号 三(一)', '2019-01-01'),
  (NULL, '强制-执行', '实施', NULL, NULL, '行政强制', 'expected', '音像或照片', '国办发〔2018〕118号 三(一)', '2019-01-01'),
  (NULL, '处罚-简易', '现场处罚决定', NULL, NULL, '现场执法', 'expected', '音像或照片', '国办发〔2018〕118号 三(一)；行政处罚法第四十七条', '2019-01-01'),
  (NULL, '处罚-普通', '调查取证', NULL, NULL, '调查取证', 'expected', '音像或照片', '国办发〔2018〕118号 三(一)；行政处罚法第四十七条', '2019-01-01'),
  (NULL, '处罚-普通', '听证', NULL, NULL, '听证', 'expected', '音像', '国办发〔2018〕118号 三(一)', '2019-01-01'),
  (NULL, '许可', '听证', NULL, NULL, '听证', 'expected', '音像', '国办发〔2018〕118号 三(一)', '2019-01-01'),
  (NULL, '检查', '实施检查', NULL, NULL, '随机抽查', 'expected', '音像或照片', '国办发〔2018〕118号 三(一)', '2019-01-01');
INSERT INTO av_list_entry (agency_id, kind, action_type, data_key, data_value, act, level, recorded_how, source, effective_from)
  SELECT NULL, t.kind, t.code, 'method', m, m, 'expected', '音像', '国办发〔2018〕118号 三(一)', '2019-01-01'
    FROM case_action_type t, unnest(ARRAY['留置送达', '公告送达']) m
   WHERE t.code IN ('送达', '决定书送达');

-- R-06: why an expected recording is absent, for one action. Append-only.
CREATE TABLE av_absence_reason (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  action_id uuid NOT NULL REFERENCES case_action(id),
  reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 5 AND 500),
  recorded_by uuid NOT NULL REFERENCES app_user(id),
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX av_absence_reason_action ON av_absence_reason (action_id);
CREATE TRIGGER av_absence_reason_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON av_absence_reason
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER av_absence_reason_not_by_supervisor BEFORE INSERT ON av_absence_reason
  FOR EACH ROW EXECUTE FUNCTION refuse_supervisor_write('recorded_by');
GRANT SELECT, INSERT ON av_absence_reason TO zhifa_app;

/** R-06: the list entry that governs an act of an agency on a date, or no row. */
CREATE FUNCTION av_entry_for(p_agency uuid, p_kind text, p_type text, p_data jsonb, p_on date)
RETURNS SETOF av_list_entry LANGUAGE sql STABLE AS $$
  SELECT e.* FROM av_list_entry e
   WHERE e.kind = p_kind AND e.action_type = p_type AND e.effective_from <= p_on
     AND (e.agency_id IS NULL OR e.agency_id = p_agency)
     AND (e.data_key IS NULL OR p_data->>e.data_key = e.data_value)
   ORDER BY (e.agency_id IS NOT NULL) DESC, (e.data_key IS NOT NULL) DESC, e.effective_from DESC, e.n DESC
   LIMIT 1
$$;

/** R-06: every live action of every case with its list entry and whether it is satisfied. */
CREATE VIEW av_action_status AS
  SELECT a.id AS action_id, a.case_id, a.n, a.type, a.acted_on,
         e.id AS entry_id, e.act, e.level, e.recorded_how, e.source,
         EXISTS (SELECT 1 FROM case_attachment f WHERE f.action_id = a.id
                    AND (f.media_type LIKE 'video/%' OR f.media_type LIKE 'audio/%')) AS has_recording,
         (SELECT r.reason FROM av_absence_reason r WHERE r.action_id = a.id ORDER BY r.recorded_at DESC, r.id LIMIT 1) AS absence_reason
    FROM case_action_live a
    JOIN enforcement_case c ON c.id = a.case_id
    LEFT JOIN LATERAL av_entry_for(c.agency_id, a.kind, a.type, a.data, a.acted_on) e ON true;
GRANT SELECT ON av_action_status TO zhifa_app;

/**
 * R-06: why a case may not advance past its earlier actions, or no row: the first earlier
 * live action the list marks required without an audio/video attachment (AV_REQUIRED), or
 * marks expected with neither a recording nor a recorded reason (AV_REASON_REQUIRED).
 * p_except: the action being corrected (it is replaced, not passed).
 */
CREATE FUNCTION av_advance_problem(p_case uuid, p_except uuid, OUT code text, OUT message text) LANGUAGE plpgsql STABLE AS $$
DECLARE
  s av_action_status;
BEGIN
  SELECT * INTO s FROM av_action_status
   WHERE case_id = p_case AND action_id IS DISTINCT FROM p_except AND level IS NOT NULL AND NOT has_recording
     AND (level = 'required' OR absence_reason IS NULL)
   ORDER BY n LIMIT 1;
  IF s.action_id IS NULL THEN
    RETURN;
  END IF;
  IF s.level = 'required' THEN
    code := 'AV_REQUIRED';
    message := '“' || s.type || '”（' || s.act || '）按音像记录事项清单须' || s.recorded_how || '记录，未附录音录像，不能进入下一环节（' || s.source || '）';
  ELSE
    code := 'AV_REASON_REQUIRED';
    message := '“' || s.type || '”（' || s.act || '）按音像记录事项清单应当' || s.recorded_how || '记录，未附录音录像的须说明原因后才能进入下一环节（' || s.source || '）';
  END IF;
END $$;
GRANT EXECUTE ON FUNCTION av_advance_problem(uuid, uuid) TO zhifa_app;

/**
 * R-06: refuses a new action (including a correction and 归档) while an earlier one lacks its
 * recording or reason. Defined here; attached to case_action by a later migration together
 * with the changes to the existing walks, tests and demo seed that advance past such acts.
 */
CREATE FUNCTION case_action_av_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  problem record;
BEGIN
  SELECT * INTO problem FROM av_advance_problem(NEW.case_id, NEW.supersedes_id);
  IF problem.code IS NOT NULL THEN
    RAISE EXCEPTION '%', problem.message USING ERRCODE = 'check_violation', HINT = problem.code;
  END IF;
  RETURN NEW;
END $$;
