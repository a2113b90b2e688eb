-- R-03 statutory time limits on cases. Suspensions and extensions are actions of the stage
-- model; how far each may go is data here (case_deadline_adjustment), mirrored from the
-- rule catalogue of src/domains/cases/deadlines.ts and checked against it by a test. Each
-- case's current deadlines are kept in case_deadline, recomputed by the application in the
-- transaction that records an action.

-- 处罚-普通: 先行登记保存 (处罚法56) and its 处理决定; 期限中止/恢复 (市场监管程序规定65) and
-- 延期 (市场监管程序规定64) of the 90-day decision period, all before the decision.
-- 许可: 延期 of the 20 working days (许可法42) and 期限中止/恢复 for 听证、检验、鉴定 … (许可法45).
-- 强制-措施 already has 延长 (强制法25); its 期限中止/恢复 is the 检测、检验、检疫、技术鉴定 time that
-- 强制法25第三款 leaves out of the 查封扣押 period.
INSERT INTO case_action_type (kind, code, seq, stage, requires_all, requires_any, requires_conditional, excludes, required_when,
                              repeatable, on_site, ends_case, after_end, counts_when_passed, opens_statement_period,
                              waits_for_statement, waives_statement, simple_penalty, required_data, statute) VALUES
  ('处罚-普通', '期限中止', 32, '立案', '{立案}', '{}', '{}', '{决定}', NULL, true, false, false, false, false, false, false, false, false, '{reason}', '市场监督管理行政处罚程序规定第六十五条'),
  ('处罚-普通', '期限恢复', 33, '立案', '{期限中止}', '{}', '{}', '{}', NULL, true, false, false, false, false, false, false, false, false, '{}', '市场监督管理行政处罚程序规定第六十五条'),
  ('处罚-普通', '延期', 34, '立案', '{立案}', '{}', '{}', '{决定}', NULL, false, false, false, false, false, false, false, false, false, '{}', '市场监督管理行政处罚程序规定第六十四条'),
  ('处罚-普通', '先行登记保存', 41, '调查取证', '{立案}', '{}', '{}', '{}', NULL, true, true, false, false, false, false, false, false, false, '{}', '行政处罚法第五十六条'),
  ('处罚-普通', '保存处理决定', 42, '调查取证', '{先行登记保存}', '{}', '{}', '{}', NULL, true, false, false, false, false, false, false, false, false, '{}', '行政处罚法第五十六条'),
  ('许可', '延期', 31, '审查', '{受理}', '{}', '{}', '{决定}', NULL, false, false, false, false, false, false, false, false, false, '{}', '行政许可法第四十二条第一款'),
  ('许可', '期限中止', 32, '审查', '{受理}', '{}', '{}', '{决定}', NULL, true, false, false, false, false, false, false, false, false, '{reason}', '行政许可法第四十五条'),
  ('许可', '期限恢复', 33, '审查', '{期限中止}', '{}', '{}', '{}', NULL, true, false, false, false, false, false, false, false, false, '{}', '行政许可法第四十五条'),
  ('强制-措施', '期限中止', 31, '实施', '{实施}', '{}', '{}', '{解除,处理}', NULL, true, false, false, false, false, false, false, false, false, '{reason}', '行政强制法第二十五条第三款'),
  ('强制-措施', '期限恢复', 32, '实施', '{期限中止}', '{}', '{}', '{}', NULL, true, false, false, false, false, false, false, false, false, '{}', '行政强制法第二十五条第三款');

-- The same consistency check as at the end of 0006, over the extended model.
DO $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM case_action_type t,
           unnest(t.requires_all || t.requires_any || t.requires_conditional || t.excludes || coalesce(t.required_after, t.code)) ref
     WHERE NOT EXISTS (SELECT 1 FROM case_action_type u WHERE u.kind = t.kind AND u.code = ref)
  ) THEN
    RAISE EXCEPTION 'case_action_type names an unknown action type';
  END IF;
END $$;

-- R-03: what an extension or suspension action may do to which deadline rule. An 'extend'
-- action adds data->>'days' (default: the most allowed) in the rule's unit, at most
-- max_length each time and max_times in all; a 'suspend' action names a reason among
-- reasons and the day the clock stops (data->>'from', default the action's date); a
-- 'resume' action restarts it.
CREATE TABLE case_deadline_adjustment (
  kind text NOT NULL,
  action_type text NOT NULL,
  effect text NOT NULL CHECK (effect IN ('extend', 'suspend', 'resume')),
  rule_id text NOT NULL,
  max_length integer CHECK (max_length > 0),
  max_times integer CHECK (max_times > 0),
  reasons text[],
  statute text NOT NULL,
  PRIMARY KEY (kind, action_type),
  FOREIGN KEY (kind, action_type) REFERENCES case_action_type(kind, code),
  CHECK ((effect = 'extend') = (max_length IS NOT NULL AND max_times IS NOT NULL)),
  CHECK ((effect = 'suspend') = (reasons IS NOT NULL))
);
GRANT SELECT ON case_deadline_adjustment TO zhifa_app;

INSERT INTO case_deadline_adjustment (kind, action_type, effect, rule_id, max_length, max_times, reasons, statute) VALUES
  ('处罚-普通', '延期', 'extend', 'penalty-decision', 30, 1, NULL, '市场监督管理行政处罚程序规定第六十四条'),
  ('处罚-普通', '期限中止', 'suspend', 'penalty-decision', NULL, NULL, '{听证,公告,"检测、检验、检疫、鉴定",专家论证}', '市场监督管理行政处罚程序规定第六十五条'),
  ('处罚-普通', '期限恢复', 'resume', 'penalty-decision', NULL, NULL, NULL, '市场监督管理行政处罚程序规定第六十五条'),
  ('许可', '延期', 'extend', 'licence-decision', 10, 1, NULL, '行政许可法第四十二条第一款'),
  ('许可', '期限中止', 'suspend', 'licence-decision', NULL, NULL, '{听证,招标,拍卖,"检验、检测、检疫",鉴定,专家评审}', '行政许可法第四十五条'),
  ('许可', '期限恢复', 'resume', 'licence-decision', NULL, NULL, NULL, '行政许可法第四十五条'),
  ('强制-措施', '延长', 'extend', 'seizure', 30, 1, NULL, '行政强制法第二十五条第一款'),
  ('强制-措施', '期限中止', 'suspend', 'seizure', NULL, NULL, '{"检测、检验、检疫、技术鉴定"}', '行政强制法第二十五条第三款'),
  ('强制-措施', '期限恢复', 'resume', 'seizure', NULL, NULL, NULL, '行政强制法第二十五条第三款');

/**
 * R-03: the rules of case_deadline_adjustment for every insert, and 强制法43 for the
 * 实施 of a 强制执行. Fires after case_action_legal (triggers of one event fire in name
 * order), so NEW.kind is already the case's kind and the sequence is known to be legal.
 */
CREATE FUNCTION case_action_deadline_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  adj case_deadline_adjustment;
  days_text text;
  days integer;
  used integer;
  open_from date;
  current_due date;
  from_date date;
  at_text text;
  hour integer;
BEGIN
  SELECT * INTO adj FROM case_deadline_adjustment WHERE kind = NEW.kind AND action_type = NEW.type;
  IF adj.kind IS NOT NULL AND adj.effect = 'extend' THEN
    days_text := coalesce(NEW.data->>'days', adj.max_length::text);
    IF days_text !~ '^[0-9]{1,4}$' THEN
      RAISE EXCEPTION '延长的天数须为正整数' USING ERRCODE = 'check_violation', HINT = 'EXTENSION_TOO_LONG';
    END IF;
    days := days_text::integer;
    IF days < 1 OR days > adj.max_length THEN
      RAISE EXCEPTION '“%”每次不得超过 %（%）', NEW.type, adj.max_length, adj.statute USING ERRCODE = 'check_violation', HINT = 'EXTENSION_TOO_LONG';
    END IF;
    SELECT count(*) INTO used FROM case_action_live l
     WHERE l.case_id = NEW.case_id AND l.type = NEW.type AND l.id IS DISTINCT FROM NEW.supersedes_id;
    IF used >= adj.max_times THEN
      RAISE EXCEPTION '“%”只能 % 次（%）', NEW.type, adj.max_times, adj.statute USING ERRCODE = 'check_violation', HINT = 'EXTENSION_LIMIT';
    END IF;
    -- an extension is decided while the period runs, not after it has expired
    SELECT max(d.due_date) INTO current_due FROM case_deadline d
     WHERE d.case_id = NEW.case_id AND d.rule_id = adj.rule_id AND d.met_on IS NULL AND d.suspended_since IS NULL;
    IF NEW.supersedes_id IS NULL AND current_due IS NOT NULL AND NEW.acted_on > current_due THEN
      RAISE EXCEPTION '期限已于 % 届满，不能再“%”（%）', current_due, NEW.type, adj.statute USING ERRCODE = 'check_violation', HINT = 'EXTENSION_TOO_LATE';
    END IF;
  END IF;

  IF adj.kind IS NOT NULL AND adj.effect IN ('suspend', 'resume') THEN
    -- the start of the suspension still open, if any: the latest 中止 with no 恢复 after it
    SELECT max(coalesce(nullif(s.data->>'from', '')::date, s.acted_on)) INTO open_from
      FROM case_action_live s JOIN case_deadline_adjustment a ON a.kind = s.kind AND a.action_type = s.type AND a.effect = 'suspend'
     WHERE s.case_id = NEW.case_id AND s.id IS DISTINCT FROM NEW.supersedes_id
       AND NOT EXISTS (SELECT 1 FROM case_action_live r JOIN case_deadline_adjustment b ON b.kind = r.kind AND b.action_type = r.type AND b.effect = 'resume'
                        WHERE r.case_id = NEW.case_id AND r.n > s.n);
    IF adj.effect = 'suspend' THEN
      IF NOT (NEW.data->>'reason' = ANY (adj.reasons)) THEN
        RAISE EXCEPTION '期限中止的事由须为：%（%）', array_to_string(adj.reasons, '、'), adj.statute USING ERRCODE = 'check_violation', HINT = 'SUSPENSION_REASON';
      END IF;
      IF open_from IS NOT NULL THEN
        RAISE EXCEPTION '期限已自 % 中止，须先记录期限恢复', open_from USING ERRCODE = 'check_violation', HINT = 'SUSPENSION_OPEN';
      END IF;
      IF coalesce(NEW.data->>'from', '') !~ '^$|^\d{4}-\d{2}-\d{2}$' THEN
        RAISE EXCEPTION '中止开始日期无效' USING ERRCODE = 'check_violation', HINT = 'BAD_SUSPENSION';
      END IF;
      from_date := coalesce(nullif(NEW.data->>'from', '')::date, NEW.acted_on);
      IF from_date > NEW.acted_on THEN
        RAISE EXCEPTION '中止开始日期不得晚于记录日期' USING ERRCODE = 'check_violation', HINT = 'BAD_SUSPENSION';
      END IF;
      IF from_date < (SELECT max(l.acted_on) FROM case_action_live l JOIN case_action_type t ON t.kind = NEW.kind AND t.code = NEW.type
                       WHERE l.case_id = NEW.case_id AND l.type = ANY (t.requires_all)) THEN
        RAISE EXCEPTION '中止开始日期不得早于期限起算的环节' USING ERRCODE = 'check_violation', HINT = 'BAD_SUSPENSION';
      END IF;
    ELSE
      IF open_from IS NULL THEN
        RAISE EXCEPTION '期限未中止，无需恢复' USING ERRCODE = 'check_violation', HINT = 'SUSPENSION_NOT_OPEN';
      END IF;
      IF NEW.acted_on <= open_from THEN
        RAISE EXCEPTION '期限恢复日期须晚于中止开始日期（%）', open_from USING ERRCODE = 'check_violation', HINT = 'BAD_SUSPENSION';
      END IF;
    END IF;
  END IF;

  -- 强制法43: no forced enforcement at night (22:00–06:00) unless urgent; the day's holiday
  -- status needs the F-04 calendar and is checked by the application
  IF NEW.kind = '强制-执行' AND NEW.type = '实施' THEN
    at_text := NEW.data->>'at';
    IF at_text IS NULL OR at_text !~ '^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$' OR left(at_text, 10) <> to_char(NEW.acted_on, 'YYYY-MM-DD') THEN
      RAISE EXCEPTION '强制执行须写明实施时间（YYYY-MM-DDTHH:mm，与实施日期一致）（行政强制法第四十三条）' USING ERRCODE = 'check_violation', HINT = 'ENFORCEMENT_TIME';
    END IF;
    hour := substr(at_text, 12, 2)::integer;
    IF (hour >= 22 OR hour < 6) AND coalesce(btrim(NEW.data->>'urgencyReason'), '') = '' THEN
      RAISE EXCEPTION '% 属夜间，非情况紧急不得实施行政强制执行（行政强制法第四十三条）', at_text USING ERRCODE = 'check_violation', HINT = 'ENFORCEMENT_TIME';
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER case_action_legal_deadlines BEFORE INSERT ON case_action FOR EACH ROW EXECUTE FUNCTION case_action_deadline_check();

-- R-03: the current deadlines of each case, derived from its live actions. Not a record of
-- its own (the actions are): replaced as a whole each time an action is recorded.
-- obligor: 'agency' when the agency must act by the due date (these warn), 'party' for the
-- party's own periods (陈述申辩, 缴纳罚款). warn_from: the first day the deadline is near-due.
-- met_on: the date of the action that satisfied it. suspended_since: the clock stands still.
CREATE TABLE case_deadline (
  case_id uuid NOT NULL REFERENCES enforcement_case(id),
  rule_id text NOT NULL CHECK (rule_id ~ '^[a-z-]+$'),
  name text NOT NULL,
  statute text NOT NULL,
  obligor text NOT NULL CHECK (obligor IN ('agency', 'party')),
  start_date date NOT NULL,
  due_date date NOT NULL CHECK (due_date >= start_date),
  warn_from date NOT NULL CHECK (warn_from <= due_date),
  length integer NOT NULL CHECK (length > 0),
  unit text NOT NULL CHECK (unit IN ('working-days', 'calendar-days', 'months')),
  extended integer NOT NULL DEFAULT 0 CHECK (extended >= 0),
  suspended_days integer NOT NULL DEFAULT 0 CHECK (suspended_days >= 0),
  suspended_since date,
  confirmed boolean NOT NULL,
  basis text NOT NULL,
  source_action_id uuid NOT NULL REFERENCES case_action(id),
  met_on date,
  met_by_action_id uuid REFERENCES case_action(id),
  responsible_users uuid[] NOT NULL DEFAULT '{}',
  responsible_persons uuid[] NOT NULL DEFAULT '{}',
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, source_action_id, rule_id),
  CHECK ((met_on IS NULL) = (met_by_action_id IS NULL))
);
CREATE INDEX case_deadline_open ON case_deadline (due_date, case_id, source_action_id, rule_id) WHERE met_on IS NULL AND obligor = 'agency';
GRANT SELECT, INSERT, DELETE ON case_deadline TO zhifa_app;

/**
 * 强制法25 / R-03: an extension never takes a deadline past the statute. The stored due
 * date of an extendable rule stays within its length plus the allowed extensions, plus the
 * days a rest day at the end rolls it over (民诉法85, at most the longest holiday block).
 */
CREATE FUNCTION case_deadline_within_statute() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  adj case_deadline_adjustment;
BEGIN
  SELECT a.* INTO adj FROM case_deadline_adjustment a JOIN enforcement_case c ON c.kind = a.kind
   WHERE c.id = NEW.case_id AND a.rule_id = NEW.rule_id AND a.effect = 'extend';
  IF adj.kind IS NOT NULL AND NEW.extended > adj.max_length * adj.max_times THEN
    RAISE EXCEPTION '%的延长超过法定限度（%）', NEW.name, adj.statute USING ERRCODE = 'check_violation', HINT = 'EXTENSION_TOO_LONG';
  END IF;
  IF NEW.unit = 'calendar-days' AND NEW.suspended_since IS NULL
     AND NEW.due_date > NEW.start_date + NEW.length + NEW.suspended_days + 10 THEN
    RAISE EXCEPTION '%的届满日超过法定期限', NEW.name USING ERRCODE = 'check_violation', HINT = 'DEADLINE_BEYOND_STATUTE';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER case_deadline_statute BEFORE INSERT ON case_deadline FOR EACH ROW EXECUTE FUNCTION case_deadline_within_statute();
