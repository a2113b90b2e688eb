-- Cases (R-01, R-02, R-04). The stage model of each case kind is data in case_action_type,
-- the one place both the insert trigger and the application read it from. A case's history
-- is the append-only case_action; its stage is derived from the actions that no later
-- action supersedes.

CREATE TABLE case_kind (
  code text PRIMARY KEY,
  name text NOT NULL,
  statute text NOT NULL,
  sort integer NOT NULL UNIQUE
);
GRANT SELECT ON case_kind TO zhifa_app;

-- One row per action type of a kind. A type may follow once every type of requires_all
-- and at least one of requires_any (when not empty) is present, none of excludes is, and,
-- for each type of requires_conditional whose required_when flag is set on the case, that
-- type is present too. ends_case: after it only after_end types are allowed; an after_end
-- type (归档) closes the case file for good.
CREATE TABLE case_action_type (
  kind text NOT NULL REFERENCES case_kind(code),
  code text NOT NULL,
  seq integer NOT NULL,
  stage text NOT NULL,
  requires_all text[] NOT NULL DEFAULT '{}',
  requires_any text[] NOT NULL DEFAULT '{}',
  requires_conditional text[] NOT NULL DEFAULT '{}',
  excludes text[] NOT NULL DEFAULT '{}',
  required_when text CHECK (required_when IN ('major', 'collective')),
  -- required before the successors that list it in requires_conditional once an action of
  -- this type exists in the case (听证 once 听证申请 was made)
  required_after text,
  repeatable boolean NOT NULL DEFAULT false,
  on_site boolean NOT NULL DEFAULT false,
  ends_case boolean NOT NULL DEFAULT false,
  after_end boolean NOT NULL DEFAULT false,
  -- counts as a predecessor only when data->>'passed' = 'true' (法制审核 that passed)
  counts_when_passed boolean NOT NULL DEFAULT false,
  -- 处罚法44/45/64: sets the 陈述申辩/听证 period (data->>'statementDeadline')
  opens_statement_period boolean NOT NULL DEFAULT false,
  -- may not be dated within an open 陈述申辩 period unless waived
  waits_for_statement boolean NOT NULL DEFAULT false,
  waives_statement boolean NOT NULL DEFAULT false,
  -- 处罚法64: may only be dated within the 陈述申辩/听证 period
  within_statement_period boolean NOT NULL DEFAULT false,
  -- 处罚法51: a 简易程序 penalty (data->>'penalty', data->>'fineYuan')
  simple_penalty boolean NOT NULL DEFAULT false,
  required_data text[] NOT NULL DEFAULT '{}',
  statute text,
  PRIMARY KEY (kind, code),
  UNIQUE (kind, seq)
);
GRANT SELECT ON case_action_type TO zhifa_app;

INSERT INTO case_kind (code, name, statute, sort) VALUES
  ('处罚-简易', '行政处罚（简易程序）', '行政处罚法第五章第二节', 1),
  ('处罚-普通', '行政处罚（普通程序）', '行政处罚法第五章第三节、第四节', 2),
  ('许可', '行政许可', '行政许可法第四章', 3),
  ('强制-措施', '行政强制措施', '行政强制法第三章', 4),
  ('强制-执行', '行政强制执行', '行政强制法第四章', 5),
  ('检查', '行政检查', '', 6),
  ('征收征用', '行政征收征用', '', 7),
  ('收费', '行政收费', '', 8);

INSERT INTO case_action_type (kind, code, seq, stage, requires_all, requires_any, requires_conditional, excludes, required_when,
                              repeatable, on_site, ends_case, after_end, counts_when_passed, opens_statement_period,
                              waits_for_statement, waives_statement, simple_penalty, required_data, statute) VALUES
  ('处罚-简易', '现场处罚决定', 10, '现场处罚决定', '{}', '{}', '{}', '{}', NULL, false, true, false, false, false, false, false, false, true, '{penalty}', '处罚法51、52'),
  ('处罚-简易', '送达', 20, '送达', '{现场处罚决定}', '{}', '{}', '{}', NULL, false, false, false, false, false, false, false, false, false, '{}', '处罚法52'),
  ('处罚-简易', '执行', 30, '执行', '{送达}', '{}', '{}', '{}', NULL, true, false, false, false, false, false, false, false, false, '{}', '处罚法67、68'),
  ('处罚-简易', '结案', 40, '结案', '{执行}', '{}', '{}', '{}', NULL, false, false, true, false, false, false, false, false, false, '{}', NULL),
  ('处罚-简易', '归档', 50, '归档', '{结案}', '{}', '{}', '{}', NULL, false, false, false, true, false, false, false, false, false, '{}', '处罚法53'),

  ('处罚-普通', '案源登记', 10, '案源登记', '{}', '{}', '{}', '{}', NULL, false, false, false, false, false, false, false, false, false, '{}', NULL),
  ('处罚-普通', '核查', 20, '核查', '{案源登记}', '{}', '{}', '{}', NULL, false, false, false, false, false, false, false, false, false, '{}', NULL),
  ('处罚-普通', '立案', 30, '立案', '{核查}', '{}', '{}', '{不予立案}', NULL, false, false, false, false, false, false, false, false, false, '{}', '处罚法54'),
  ('处罚-普通', '不予立案', 31, '立案', '{核查}', '{}', '{}', '{立案}', NULL, false, false, true, false, false, false, false, false, false, '{reason}', NULL),
  ('处罚-普通', '调查取证', 40, '调查取证', '{立案}', '{}', '{}', '{}', NULL, true, true, false, false, false, false, false, false, false, '{}', '处罚法42、55'),
  ('处罚-普通', '案件审核', 50, '案件审核', '{调查取证}', '{}', '{}', '{}', NULL, false, false, false, false, false, false, false, false, false, '{}', NULL),
  ('处罚-普通', '告知', 60, '告知', '{案件审核}', '{}', '{}', '{}', NULL, false, false, false, false, false, true, false, false, false, '{statementDeadline}', '处罚法44、45、64'),
  ('处罚-普通', '陈述申辩', 70, '陈述申辩/听证', '{告知}', '{}', '{}', '{放弃陈述申辩}', NULL, true, false, false, false, false, false, false, false, false, '{}', '处罚法45'),
  ('处罚-普通', '听证申请', 71, '陈述申辩/听证', '{告知}', '{}', '{}', '{放弃陈述申辩}', NULL, false, false, false, false, false, false, false, false, false, '{}', '处罚法63、64'),
  ('处罚-普通', '听证', 72, '陈述申辩/听证', '{听证申请}', '{}', '{}', '{放弃陈述申辩}', NULL, false, false, false, false, false, false, false, false, false, '{}', '处罚法64、65'),
  ('处罚-普通', '放弃陈述申辩', 73, '陈述申辩/听证', '{告知}', '{}', '{}', '{陈述申辩,听证申请,听证}', NULL, false, false, false, false, false, false, false, true, false, '{}', '处罚法45'),
  ('处罚-普通', '法制审核', 80, '法制审核', '{告知}', '{}', '{}', '{}', 'major', true, false, false, false, true, false, false, false, false, '{passed}', '处罚法58'),
  ('处罚-普通', '集体讨论', 90, '集体讨论', '{告知}', '{}', '{}', '{}', 'collective', false, false, false, false, false, false, false, false, false, '{}', '处罚法57'),
  ('处罚-普通', '决定', 100, '决定', '{告知}', '{}', '{法制审核,集体讨论,听证}', '{}', NULL, false, false, false, false, false, false, true, false, false, '{}', '处罚法57、59'),
  ('处罚-普通', '送达', 110, '送达', '{决定}', '{}', '{}', '{}', NULL, false, false, false, false, false, false, false, false, false, '{}', '处罚法61'),
  ('处罚-普通', '执行', 120, '执行', '{送达}', '{}', '{}', '{}', NULL, true, false, false, false, false, false, false, false, false, '{}', '处罚法66、67'),
  ('处罚-普通', '结案', 130, '结案', '{执行}', '{}', '{}', '{}', NULL, false, false, true, false, false, false, false, false, false, '{}', NULL),
  ('处罚-普通', '归档', 140, '归档', '{}', '{结案,不予立案}', '{}', '{}', NULL, false, false, false, true, false, false, false, false, false, '{}', NULL),

  ('许可', '申请', 10, '申请', '{}', '{}', '{}', '{}', NULL, false, false, false, false, false, false, false, false, false, '{}', '许可法29'),
  ('许可', '补正', 20, '受理', '{申请}', '{}', '{}', '{受理,不予受理}', NULL, true, false, false, false, false, false, false, false, false, '{}', '许可法32'),
  ('许可', '受理', 21, '受理', '{申请}', '{}', '{}', '{不予受理}', NULL, false, false, false, false, false, false, false, false, false, '{}', '许可法32'),
  ('许可', '不予受理', 22, '受理', '{申请}', '{}', '{}', '{受理}', NULL, false, false, true, false, false, false, false, false, false, '{reason}', '许可法32'),
  ('许可', '审查', 30, '审查', '{受理}', '{}', '{}', '{}', NULL, false, false, false, false, false, false, false, false, false, '{}', '许可法34'),
  ('许可', '听证', 40, '听证', '{审查}', '{}', '{}', '{}', NULL, false, false, false, false, false, false, false, false, false, '{}', '许可法46、47'),
  ('许可', '决定', 50, '决定', '{审查}', '{}', '{}', '{}', NULL, false, false, false, false, false, false, false, false, false, '{}', '许可法37、38'),
  ('许可', '送达', 60, '送达/发证', '{决定}', '{}', '{}', '{}', NULL, false, false, false, false, false, false, false, false, false, '{}', '许可法44'),
  ('许可', '发证', 61, '送达/发证', '{决定}', '{}', '{}', '{}', NULL, false, false, false, false, false, false, false, false, false, '{}', '许可法39、44'),
  ('许可', '结案', 70, '结案', '{}', '{送达,发证}', '{}', '{}', NULL, false, false, true, false, false, false, false, false, false, '{}', NULL),
  ('许可', '归档', 80, '归档', '{}', '{结案,不予受理}', '{}', '{}', NULL, false, false, false, true, false, false, false, false, false, '{}', NULL),

  ('强制-措施', '审批', 10, '审批', '{}', '{}', '{}', '{}', NULL, false, false, false, false, false, false, false, false, false, '{}', '强制法18、19'),
  ('强制-措施', '实施', 20, '实施', '{审批}', '{}', '{}', '{}', NULL, false, true, false, false, false, false, false, false, false, '{}', '强制法18'),
  ('强制-措施', '决定书送达', 30, '决定书+清单', '{实施}', '{}', '{}', '{}', NULL, false, false, false, false, false, false, false, false, false, '{}', '强制法24'),
  ('强制-措施', '延长', 40, '延长', '{决定书送达}', '{}', '{}', '{解除,处理}', NULL, false, false, false, false, false, false, false, false, false, '{}', '强制法25'),
  ('强制-措施', '解除', 50, '解除/处理', '{决定书送达}', '{}', '{}', '{处理}', NULL, false, false, false, false, false, false, false, false, false, '{}', '强制法27、28'),
  ('强制-措施', '处理', 51, '解除/处理', '{决定书送达}', '{}', '{}', '{解除}', NULL, false, false, false, false, false, false, false, false, false, '{}', '强制法27'),
  ('强制-措施', '结案', 60, '结案', '{}', '{解除,处理}', '{}', '{}', NULL, false, false, true, false, false, false, false, false, false, '{}', NULL),
  ('强制-措施', '归档', 70, '归档', '{结案}', '{}', '{}', '{}', NULL, false, false, false, true, false, false, false, false, false, '{}', NULL),

  ('强制-执行', '催告', 10, '催告', '{}', '{}', '{}', '{}', NULL, false, false, false, false, false, false, false, false, false, '{}', '强制法35'),
  ('强制-执行', '陈述申辩', 20, '陈述申辩', '{催告}', '{}', '{}', '{}', NULL, true, false, false, false, false, false, false, false, false, '{}', '强制法36'),
  ('强制-执行', '强制执行决定', 30, '决定', '{催告}', '{}', '{}', '{}', NULL, false, false, false, false, false, false, false, false, false, '{}', '强制法37'),
  ('强制-执行', '送达', 40, '送达', '{强制执行决定}', '{}', '{}', '{}', NULL, false, false, false, false, false, false, false, false, false, '{}', '强制法38'),
  ('强制-执行', '实施', 50, '实施', '{送达}', '{}', '{}', '{}', NULL, true, true, false, false, false, false, false, false, false, '{}', '强制法43'),
  ('强制-执行', '结案', 60, '结案', '{实施}', '{}', '{}', '{}', NULL, false, false, true, false, false, false, false, false, false, '{}', NULL),
  ('强制-执行', '归档', 70, '归档', '{结案}', '{}', '{}', '{}', NULL, false, false, false, true, false, false, false, false, false, '{}', NULL),

  ('检查', '启动检查', 10, '启动检查', '{}', '{}', '{}', '{}', NULL, false, false, false, false, false, false, false, false, false, '{}', NULL),
  ('检查', '实施检查', 20, '实施检查', '{启动检查}', '{}', '{}', '{}', NULL, true, true, false, false, false, false, false, false, false, '{}', NULL),
  ('检查', '检查结论', 30, '检查结论', '{实施检查}', '{}', '{}', '{}', NULL, false, false, false, false, false, false, false, false, false, '{}', NULL),
  ('检查', '结案', 40, '结案', '{检查结论}', '{}', '{}', '{}', NULL, false, false, true, false, false, false, false, false, false, '{}', NULL),
  ('检查', '归档', 50, '归档', '{结案}', '{}', '{}', '{}', NULL, false, false, false, true, false, false, false, false, false, '{}', NULL),

  ('征收征用', '立项', 10, '立项', '{}', '{}', '{}', '{}', NULL, false, false, false, false, false, false, false, false, false, '{}', NULL),
  ('征收征用', '审核', 20, '审核', '{立项}', '{}', '{}', '{}', NULL, false, false, false, false, false, false, false, false, false, '{}', NULL),
  ('征收征用', '决定', 30, '决定', '{审核}', '{}', '{}', '{}', NULL, false, false, false, false, false, false, false, false, false, '{}', NULL),
  ('征收征用', '送达', 40, '送达', '{决定}', '{}', '{}', '{}', NULL, false, false, false, false, false, false, false, false, false, '{}', NULL),
  ('征收征用', '执行', 50, '执行', '{送达}', '{}', '{}', '{}', NULL, true, false, false, false, false, false, false, false, false, '{}', NULL),
  ('征收征用', '结案', 60, '结案', '{执行}', '{}', '{}', '{}', NULL, false, false, true, false, false, false, false, false, false, '{}', NULL),
  ('征收征用', '归档', 70, '归档', '{结案}', '{}', '{}', '{}', NULL, false, false, false, true, false, false, false, false, false, '{}', NULL),

  ('收费', '核定', 10, '核定', '{}', '{}', '{}', '{}', NULL, false, false, false, false, false, false, false, false, false, '{}', NULL),
  ('收费', '缴费通知', 20, '缴费通知', '{核定}', '{}', '{}', '{}', NULL, false, false, false, false, false, false, false, false, false, '{}', NULL),
  ('收费', '收缴', 30, '收缴', '{缴费通知}', '{}', '{}', '{}', NULL, true, false, false, false, false, false, false, false, false, '{}', NULL),
  ('收费', '结案', 40, '结案', '{收缴}', '{}', '{}', '{}', NULL, false, false, true, false, false, false, false, false, false, '{}', NULL),
  ('收费', '归档', 50, '归档', '{结案}', '{}', '{}', '{}', NULL, false, false, false, true, false, false, false, false, false, '{}', NULL);

UPDATE case_action_type SET within_statement_period = true WHERE kind = '处罚-普通' AND code = '听证申请';
UPDATE case_action_type SET required_after = '听证申请' WHERE kind = '处罚-普通' AND code = '听证';

-- Every predecessor, exclusion and conditional type names a type of the same kind.
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

CREATE SEQUENCE enforcement_case_number_seq;
GRANT USAGE ON SEQUENCE enforcement_case_number_seq TO zhifa_app;

-- party_kind: 处罚法51 distinguishes 公民 (citizen) from 法人或者其他组织 (organisation).
-- major / collective: the case needs 法制审核 (处罚法58) / 集体讨论 (处罚法57) before 决定.
CREATE TABLE enforcement_case (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES org_node(id),
  kind text NOT NULL REFERENCES case_kind(code),
  number text NOT NULL,
  party_kind text NOT NULL CHECK (party_kind IN ('citizen', 'organisation')),
  party_name text NOT NULL CHECK (length(party_name) BETWEEN 1 AND 100),
  summary text NOT NULL CHECK (length(summary) BETWEEN 1 AND 2000),
  major boolean NOT NULL DEFAULT false,
  collective boolean NOT NULL DEFAULT false,
  created_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (agency_id, number)
);
CREATE INDEX enforcement_case_agency ON enforcement_case (agency_id, created_at DESC, id DESC);
GRANT SELECT, INSERT ON enforcement_case TO zhifa_app;

-- R-02: the append-only history. kind is copied from the case by the insert trigger so the
-- (kind, type) pair can reference the model.
CREATE TABLE case_action (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  n bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  case_id uuid NOT NULL REFERENCES enforcement_case(id),
  kind text NOT NULL,
  type text NOT NULL,
  acted_on date NOT NULL,
  officers uuid[] NOT NULL DEFAULT '{}',
  data jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(data) = 'object'),
  supersedes_id uuid UNIQUE REFERENCES case_action(id),
  -- for an action that opens the 陈述申辩 period: the first day a decision may be dated
  not_before date,
  recorded_by uuid REFERENCES app_user(id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (kind, type) REFERENCES case_action_type(kind, code)
);
CREATE INDEX case_action_case ON case_action (case_id, n);
CREATE TRIGGER case_action_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON case_action
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON case_action TO zhifa_app;

-- R-02: the actions that count, those no later action supersedes.
CREATE VIEW case_action_live AS
  SELECT a.* FROM case_action a
   WHERE NOT EXISTS (SELECT 1 FROM case_action s WHERE s.supersedes_id = a.id);
GRANT SELECT ON case_action_live TO zhifa_app;

/**
 * 处罚法51 / R-04: why a 简易程序 penalty is not allowed, or NULL: only a warning, or a fine
 * of at most 200 元 for a citizen and 3,000 元 for an organisation.
 */
CREATE FUNCTION simple_penalty_problem(p_party_kind text, p_data jsonb) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE fine numeric;
BEGIN
  IF p_data->>'penalty' = '警告' THEN
    RETURN NULL;
  END IF;
  IF p_data->>'penalty' IS DISTINCT FROM '罚款' THEN
    RETURN '简易程序只能给予警告或者罚款（行政处罚法第五十一条）';
  END IF;
  IF jsonb_typeof(p_data->'fineYuan') IS DISTINCT FROM 'number' OR (p_data->>'fineYuan')::numeric <= 0 THEN
    RETURN '罚款数额必须为正数';
  END IF;
  fine := (p_data->>'fineYuan')::numeric;
  IF p_party_kind = 'citizen' AND fine > 200 THEN
    RETURN '简易程序对公民的罚款不得超过二百元（行政处罚法第五十一条）';
  END IF;
  IF p_party_kind = 'organisation' AND fine > 3000 THEN
    RETURN '简易程序对法人或者其他组织的罚款不得超过三千元（行政处罚法第五十一条）';
  END IF;
  RETURN NULL;
END $$;

/**
 * R-01 / R-02: why an action of type p_type dated p_acted_on may not be added to the case
 * now (code and Chinese message), or NULLs. Reads only the model and the live actions,
 * ignoring p_supersedes (the action a correction replaces). Used by the insert trigger and
 * by the application for the next allowed actions.
 */
CREATE FUNCTION case_sequence_problem(p_case uuid, p_type text, p_acted_on date, p_supersedes uuid,
                                      OUT code text, OUT message text) LANGUAGE plpgsql STABLE AS $$
DECLARE
  c enforcement_case;
  t case_action_type;
  live text[];      -- types of the live actions
  counting text[];  -- those that count as predecessors (a review only when passed)
  closing boolean;
  archived boolean;
  waived boolean;
  missing text;
  latest date;
BEGIN
  SELECT * INTO c FROM enforcement_case WHERE id = p_case;
  IF c.id IS NULL THEN
    code := 'CASE_NOT_FOUND'; message := '案件不存在'; RETURN;
  END IF;
  SELECT * INTO t FROM case_action_type WHERE kind = c.kind AND case_action_type.code = p_type;
  IF t.code IS NULL THEN
    code := 'CASE_ACTION_TYPE'; message := c.kind || '案件没有“' || p_type || '”环节'; RETURN;
  END IF;

  SELECT coalesce(array_agg(l.type), '{}'),
         coalesce(array_agg(l.type) FILTER (WHERE NOT u.counts_when_passed OR l.data->>'passed' = 'true'), '{}'),
         coalesce(bool_or(u.ends_case), false), coalesce(bool_or(u.after_end), false), coalesce(bool_or(u.waives_statement), false)
    INTO live, counting, closing, archived, waived
    FROM case_action_live l JOIN case_action_type u ON u.kind = l.kind AND u.code = l.type
   WHERE l.case_id = p_case AND l.id IS DISTINCT FROM p_supersedes;

  IF archived THEN
    code := 'CASE_ARCHIVED'; message := '案件已归档，不得再记录执法行为'; RETURN;
  END IF;
  IF closing AND NOT t.after_end THEN
    code := 'CASE_CLOSED'; message := '案件已办结，只能归档'; RETURN;
  END IF;
  IF NOT t.repeatable AND p_type = ANY (live) THEN
    code := 'CASE_ACTION_REPEATED'; message := '“' || p_type || '”已经记录，如有错误请更正'; RETURN;
  END IF;
  SELECT x INTO missing FROM unnest(t.excludes) x WHERE x = ANY (live) LIMIT 1;
  IF missing IS NOT NULL THEN
    code := 'CASE_ACTION_EXCLUDED'; message := '已有“' || missing || '”，不能再记录“' || p_type || '”'; RETURN;
  END IF;

  SELECT x INTO missing FROM unnest(t.requires_all) x WHERE NOT x = ANY (counting) LIMIT 1;
  IF missing IS NULL AND cardinality(t.requires_any) > 0 AND NOT (t.requires_any && counting) THEN
    missing := array_to_string(t.requires_any, '”或“');
  END IF;
  IF missing IS NULL THEN
    SELECT x INTO missing FROM unnest(t.requires_conditional) x JOIN case_action_type u ON u.kind = c.kind AND u.code = x
     WHERE ((u.required_when = 'major' AND c.major) OR (u.required_when = 'collective' AND c.collective) OR u.required_after = ANY (live))
       AND NOT x = ANY (counting) LIMIT 1;
    IF missing IS NOT NULL THEN
      missing := missing || '（' || CASE missing WHEN '法制审核' THEN '重大执法决定须经法制审核并通过'
                                                 WHEN '集体讨论' THEN '须经集体讨论决定'
                                                 ELSE '当事人已提出申请' END || '）';
    END IF;
  END IF;
  IF missing IS NOT NULL THEN
    code := 'CASE_PREDECESSOR_MISSING'; message := '记录“' || p_type || '”之前须先有“' || missing || '”'; RETURN;
  END IF;

  SELECT max(l.acted_on) INTO latest FROM case_action_live l
   WHERE l.case_id = p_case AND l.id IS DISTINCT FROM p_supersedes
     AND l.type = ANY (t.requires_all || t.requires_any || t.requires_conditional);
  IF latest IS NOT NULL AND p_acted_on < latest THEN
    code := 'CASE_DATE_ORDER'; message := '“' || p_type || '”的日期不得早于其前一环节（' || latest || '）'; RETURN;
  END IF;

  -- 处罚法64(一): a hearing is asked for within the period
  IF t.within_statement_period THEN
    SELECT max(l.not_before) INTO latest FROM case_action_live l
     WHERE l.case_id = p_case AND l.id IS DISTINCT FROM p_supersedes;
    IF latest IS NULL OR p_acted_on >= latest THEN
      code := 'CASE_STATEMENT_PERIOD_OVER';
      message := '已超过陈述申辩、听证申请期限' || coalesce('（' || (latest - 1) || '）', '') || '（行政处罚法第六十四条）';
      RETURN;
    END IF;
  END IF;

  -- 处罚法44/45/62/64: no decision while the party may still state, defend or ask for a hearing
  IF t.waits_for_statement AND NOT waived THEN
    SELECT max(l.not_before) INTO latest FROM case_action_live l
     WHERE l.case_id = p_case AND l.id IS DISTINCT FROM p_supersedes;
    IF latest IS NOT NULL AND p_acted_on < latest THEN
      code := 'CASE_STATEMENT_PERIOD';
      message := '陈述申辩、听证申请期限届满（' || (latest - 1) || '）前不得作出处罚决定，当事人明确放弃的除外（行政处罚法第四十四条、第四十五条、第六十四条）';
      RETURN;
    END IF;
  END IF;
END $$;

CREATE FUNCTION case_action_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c enforcement_case;
  t case_action_type;
  problem record;
  old_action case_action;
  key text;
  deadline date;
  simple text;
BEGIN
  -- one action of a case at a time, so two concurrent inserts cannot both pass the checks
  PERFORM pg_advisory_xact_lock(hashtext('case_action:' || NEW.case_id::text));
  SELECT * INTO c FROM enforcement_case WHERE id = NEW.case_id;
  IF c.id IS NULL THEN
    RAISE EXCEPTION '案件不存在' USING ERRCODE = 'foreign_key_violation';
  END IF;
  NEW.kind := c.kind;

  IF NEW.supersedes_id IS NOT NULL THEN
    SELECT * INTO old_action FROM case_action WHERE id = NEW.supersedes_id;
    IF old_action.id IS NULL OR old_action.case_id <> NEW.case_id OR old_action.type <> NEW.type THEN
      RAISE EXCEPTION '更正只能替代本案件同一环节的记录' USING ERRCODE = 'check_violation', HINT = 'CASE_SUPERSEDE';
    END IF;
    IF EXISTS (SELECT 1 FROM case_action WHERE supersedes_id = NEW.supersedes_id) THEN
      RAISE EXCEPTION '该记录已被更正' USING ERRCODE = 'check_violation', HINT = 'CASE_SUPERSEDE';
    END IF;
    -- a later step resting on the corrected one must be corrected first
    IF EXISTS (SELECT 1 FROM case_action_live l JOIN case_action_type u ON u.kind = l.kind AND u.code = l.type
                WHERE l.case_id = NEW.case_id AND l.n > old_action.n
                  AND old_action.type = ANY (u.requires_all || u.requires_any || u.requires_conditional)) THEN
      RAISE EXCEPTION '“%”之后已有依赖它的环节，不能更正', old_action.type USING ERRCODE = 'check_violation', HINT = 'CASE_SUPERSEDE';
    END IF;
  END IF;

  SELECT * INTO problem FROM case_sequence_problem(NEW.case_id, NEW.type, NEW.acted_on, NEW.supersedes_id);
  IF problem.code IS NOT NULL THEN
    RAISE EXCEPTION '%', problem.message USING ERRCODE = 'check_violation', HINT = problem.code;
  END IF;

  SELECT * INTO t FROM case_action_type WHERE kind = c.kind AND code = NEW.type;
  FOREACH key IN ARRAY t.required_data LOOP
    IF NOT (NEW.data ? key) OR NEW.data->>key = '' THEN
      RAISE EXCEPTION '“%”须填写 %', NEW.type, key USING ERRCODE = 'check_violation', HINT = 'CASE_DATA_MISSING';
    END IF;
  END LOOP;
  IF t.counts_when_passed AND jsonb_typeof(NEW.data->'passed') IS DISTINCT FROM 'boolean' THEN
    RAISE EXCEPTION '“%”须写明是否通过', NEW.type USING ERRCODE = 'check_violation', HINT = 'CASE_DATA_MISSING';
  END IF;

  -- 处罚法44/45/64: the period is at least five days after the notice; the application
  -- computes it in working days (F-04), so it can only be later than five calendar days
  IF t.opens_statement_period THEN
    BEGIN
      deadline := (NEW.data->>'statementDeadline')::date;
    EXCEPTION WHEN others THEN
      RAISE EXCEPTION '陈述申辩期限日期无效' USING ERRCODE = 'check_violation', HINT = 'CASE_DATA_MISSING';
    END;
    IF deadline < NEW.acted_on + 5 THEN
      RAISE EXCEPTION '陈述申辩、听证申请期限不得少于告知后五日（行政处罚法第六十四条）' USING ERRCODE = 'check_violation', HINT = 'CASE_STATEMENT_PERIOD';
    END IF;
    NEW.not_before := deadline + 1;
  ELSE
    NEW.not_before := NULL;
  END IF;

  IF t.simple_penalty THEN
    simple := simple_penalty_problem(c.party_kind, NEW.data);
    IF simple IS NOT NULL THEN
      RAISE EXCEPTION '%', simple USING ERRCODE = 'check_violation', HINT = 'SIMPLE_PROCEDURE_LIMIT';
    END IF;
  END IF;

  -- 处罚法42, 强制法18: on-site acts need two officers with valid certificates
  IF t.on_site THEN
    BEGIN
      PERFORM assert_acting_officers(NEW.officers, NEW.acted_on);
    EXCEPTION WHEN check_violation THEN
      RAISE EXCEPTION '%', SQLERRM USING ERRCODE = 'check_violation', HINT = 'ACTING_OFFICERS';
    END;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER case_action_legal BEFORE INSERT ON case_action FOR EACH ROW EXECUTE FUNCTION case_action_check();

/** R-02: the derived state of a case, from its live actions only. */
CREATE VIEW case_state AS
  SELECT c.id AS case_id,
         (SELECT l.type FROM case_action_live l WHERE l.case_id = c.id ORDER BY l.n DESC LIMIT 1) AS last_action,
         (SELECT t.stage FROM case_action_live l JOIN case_action_type t ON t.kind = l.kind AND t.code = l.type
           WHERE l.case_id = c.id ORDER BY t.seq DESC, l.n DESC LIMIT 1) AS stage,
         EXISTS (SELECT 1 FROM case_action_live l JOIN case_action_type t ON t.kind = l.kind AND t.code = l.type
                  WHERE l.case_id = c.id AND (t.ends_case OR t.after_end)) AS closed,
         EXISTS (SELECT 1 FROM case_action_live l JOIN case_action_type t ON t.kind = l.kind AND t.code = l.type
                  WHERE l.case_id = c.id AND t.after_end) AS archived
    FROM enforcement_case c;
GRANT SELECT ON case_state TO zhifa_app;
