-- The head's approvals (R-01), 回避 (处罚法43) and the rest of 简易程序 (R-04).
--
-- Approvals: an action type with needs_approval may only be recorded by a head (机关负责人)
-- whose scope holds the case's agency: 强制法18(一) (措施实施前须报负责人批准), 强制法25
-- (延长经负责人批准), 处罚法57 (负责人审查后作出决定), 市场监督管理行政处罚程序规定20 (立案经
-- 负责人批准). An officer asks for it with a case_approval_request; the head's decision is a
-- case_approval_decision, and an approval records the action in the same transaction.
--
-- 回避: case_recusal holds an officer's own declaration of a direct interest (处罚法43第一款,
-- effective at once) and the party's application (处罚法43第二款), which counts once the head
-- grants it (处罚法43第三款; 许可法48(三) for 听证主持人). A recused person is neither an
-- acting officer of the case nor its recorder.
--
-- 简易程序: 送达 on the decision's day (处罚法52第一款), 当场收缴 only as 处罚法68/69 allow it
-- and with the 专用票据 (处罚法70), the money handed to the agency and by the agency to the
-- bank, each within 2 working days (处罚法71, 85) with the lateness recorded, and the 备案
-- with the agency (处罚法52第三款). After a 普通程序 fine, 当场收缴 only under 处罚法69.

ALTER TABLE case_action_type ADD COLUMN needs_approval boolean NOT NULL DEFAULT false;
ALTER TABLE case_action_type ADD COLUMN approval_statute text;

UPDATE case_action_type SET needs_approval = true, approval_statute = '市场监督管理行政处罚程序规定第二十条'
 WHERE kind = '处罚-普通' AND code IN ('立案', '不予立案');
UPDATE case_action_type SET needs_approval = true, approval_statute = '行政处罚法第五十七条'
 WHERE kind = '处罚-普通' AND code IN ('决定');
UPDATE case_action_type SET needs_approval = true, approval_statute = '行政处罚法第六十条、市场监督管理行政处罚程序规定第六十四条'
 WHERE kind = '处罚-普通' AND code IN ('延期');
UPDATE case_action_type SET needs_approval = true, approval_statute = '行政许可法第三十七条、第三十八条'
 WHERE kind = '许可' AND code IN ('决定');
UPDATE case_action_type SET needs_approval = true, approval_statute = '行政许可法第四十二条'
 WHERE kind = '许可' AND code IN ('延期');
UPDATE case_action_type SET needs_approval = true, approval_statute = '行政强制法第十八条第一项'
 WHERE kind = '强制-措施' AND code IN ('审批');
UPDATE case_action_type SET needs_approval = true, approval_statute = '行政强制法第二十五条'
 WHERE kind = '强制-措施' AND code IN ('延长');
UPDATE case_action_type SET needs_approval = true, approval_statute = '行政强制法第三十七条'
 WHERE kind = '强制-执行' AND code IN ('强制执行决定');
UPDATE case_action_type SET needs_approval = true, approval_statute = '行政机关负责人批准'
 WHERE kind = '征收征用' AND code IN ('决定');

/** R-01: whether p_user is an active head whose data scope holds p_agency. */
CREATE FUNCTION is_head_for(p_user uuid, p_agency uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT 1 FROM app_user u JOIN org_node s ON s.id = u.scope_org_id, org_node a
     WHERE u.id = p_user AND a.id = p_agency AND u.active AND 'head' = ANY (u.roles) AND starts_with(a.path, s.path))
$$;

/**
 * R-01 强制法18/25, 处罚法57, 市场监管程序规定20: an action whose type needs the head's
 * approval is recorded by a head of the case's agency (directly, or on approving a request).
 * The flag alone decides, so a type added later is covered by setting needs_approval.
 */
CREATE FUNCTION case_action_approval_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c enforcement_case;
  t case_action_type;
BEGIN
  SELECT * INTO c FROM enforcement_case WHERE id = NEW.case_id;
  SELECT * INTO t FROM case_action_type WHERE kind = c.kind AND code = NEW.type;
  IF t.needs_approval AND NOT coalesce(is_head_for(NEW.recorded_by, c.agency_id), false) THEN
    RAISE EXCEPTION '“%”须经行政机关负责人批准（%），请提交负责人审批', NEW.type, coalesce(t.approval_statute, '负责人批准')
      USING ERRCODE = 'check_violation', HINT = 'APPROVAL_REQUIRED';
  END IF;
  RETURN NEW;
END $$;
-- named to fire after case_action_legal (triggers fire in name order), so the legal order
-- is reported first
CREATE TRIGGER case_action_needs_approval BEFORE INSERT ON case_action FOR EACH ROW EXECUTE FUNCTION case_action_approval_check();

-- R-01: an officer's request for the head's approval of one action. Append-only; its
-- status follows from whether a decision exists.
CREATE TABLE case_approval_request (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  n bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  case_id uuid NOT NULL REFERENCES enforcement_case(id),
  kind text NOT NULL,
  type text NOT NULL,
  acted_on date NOT NULL,
  officers uuid[] NOT NULL DEFAULT '{}',
  data jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(data) = 'object'),
  supersedes_id uuid REFERENCES case_action(id),
  reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 2000),
  requested_by uuid NOT NULL REFERENCES app_user(id),
  requested_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (kind, type) REFERENCES case_action_type(kind, code)
);
CREATE INDEX case_approval_request_case ON case_approval_request (case_id, n);
CREATE TRIGGER case_approval_request_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON case_approval_request
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON case_approval_request TO zhifa_app;

CREATE FUNCTION case_approval_request_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c enforcement_case;
  t case_action_type;
BEGIN
  SELECT * INTO c FROM enforcement_case WHERE id = NEW.case_id;
  IF c.id IS NULL THEN
    RAISE EXCEPTION '案件不存在' USING ERRCODE = 'foreign_key_violation';
  END IF;
  NEW.kind := c.kind;
  SELECT * INTO t FROM case_action_type WHERE kind = c.kind AND code = NEW.type;
  IF NOT coalesce(t.needs_approval, false) THEN
    RAISE EXCEPTION '“%”无须负责人批准，可直接记录', NEW.type USING ERRCODE = 'check_violation', HINT = 'APPROVAL_NOT_NEEDED';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER case_approval_request_legal BEFORE INSERT ON case_approval_request FOR EACH ROW EXECUTE FUNCTION case_approval_request_check();

-- R-01: the head's decision on a request, at most one. An approval names the action it
-- recorded; a rejection gives the opinion.
CREATE TABLE case_approval_decision (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  request_id uuid NOT NULL UNIQUE REFERENCES case_approval_request(id),
  approved boolean NOT NULL,
  opinion text NOT NULL DEFAULT '' CHECK (length(opinion) <= 2000),
  action_id uuid UNIQUE REFERENCES case_action(id),
  decided_by uuid NOT NULL REFERENCES app_user(id),
  decided_at timestamptz NOT NULL DEFAULT now(),
  CHECK (approved = (action_id IS NOT NULL)),
  CHECK (approved OR length(btrim(opinion)) > 0)
);
CREATE TRIGGER case_approval_decision_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON case_approval_decision
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON case_approval_decision TO zhifa_app;

CREATE FUNCTION case_approval_decision_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r case_approval_request;
  a case_action;
BEGIN
  SELECT * INTO r FROM case_approval_request WHERE id = NEW.request_id;
  IF NOT is_head_for(NEW.decided_by, (SELECT agency_id FROM enforcement_case WHERE id = r.case_id)) THEN
    RAISE EXCEPTION '只有本机关负责人可以审批' USING ERRCODE = 'check_violation', HINT = 'APPROVAL_NOT_HEAD';
  END IF;
  IF NEW.approved THEN
    SELECT * INTO a FROM case_action WHERE id = NEW.action_id;
    IF a.case_id <> r.case_id OR a.type <> r.type OR a.recorded_by IS DISTINCT FROM NEW.decided_by
       OR a.data->>'approvalId' IS DISTINCT FROM r.id::text THEN
      RAISE EXCEPTION '批准须记录所申请的执法行为' USING ERRCODE = 'check_violation', HINT = 'APPROVAL_ACTION';
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER case_approval_decision_legal BEFORE INSERT ON case_approval_decision FOR EACH ROW EXECUTE FUNCTION case_approval_decision_check();

-- 处罚法43: a person's recusal from a case. source 'declared': the officer's own declaration
-- of a direct interest or other relation (第一款), in force at once; 'application': the
-- party's application (第二款), in force once the head grants it (第三款).
CREATE TABLE case_recusal (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES enforcement_case(id),
  person_id uuid NOT NULL REFERENCES person(id),
  source text NOT NULL CHECK (source IN ('declared', 'application')),
  grounds text NOT NULL CHECK (length(btrim(grounds)) BETWEEN 1 AND 2000),
  -- the date of the declaration, or the date the party applied
  applied_on date NOT NULL,
  applicant text CHECK (length(btrim(applicant)) BETWEEN 1 AND 100),
  recorded_by uuid NOT NULL REFERENCES app_user(id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((source = 'application') = (applicant IS NOT NULL))
);
CREATE INDEX case_recusal_case ON case_recusal (case_id, person_id);
CREATE TRIGGER case_recusal_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON case_recusal
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON case_recusal TO zhifa_app;

-- 处罚法43第三款: the head's decision on a party's application, with its grounds.
CREATE TABLE case_recusal_decision (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  recusal_id uuid NOT NULL UNIQUE REFERENCES case_recusal(id),
  granted boolean NOT NULL,
  grounds text NOT NULL CHECK (length(btrim(grounds)) BETWEEN 1 AND 2000),
  decided_on date NOT NULL,
  decided_by uuid NOT NULL REFERENCES app_user(id),
  decided_at timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER case_recusal_decision_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON case_recusal_decision
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON case_recusal_decision TO zhifa_app;

CREATE FUNCTION case_recusal_decision_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE r case_recusal;
BEGIN
  SELECT * INTO r FROM case_recusal WHERE id = NEW.recusal_id;
  IF r.source <> 'application' THEN
    RAISE EXCEPTION '执法人员自行回避无须决定' USING ERRCODE = 'check_violation', HINT = 'RECUSAL_NOT_APPLICATION';
  END IF;
  IF NOT is_head_for(NEW.decided_by, (SELECT agency_id FROM enforcement_case WHERE id = r.case_id)) THEN
    RAISE EXCEPTION '回避申请由行政机关负责人决定（行政处罚法第四十三条）' USING ERRCODE = 'check_violation', HINT = 'RECUSAL_NOT_HEAD';
  END IF;
  IF NEW.decided_on < r.applied_on THEN
    RAISE EXCEPTION '回避决定的日期不得早于申请日期' USING ERRCODE = 'check_violation', HINT = 'RECUSAL_DATE';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER case_recusal_decision_legal BEFORE INSERT ON case_recusal_decision FOR EACH ROW EXECUTE FUNCTION case_recusal_decision_check();

/** 处罚法43: the people recused from a case: declared, or applied for and granted. */
CREATE VIEW case_recusal_effective AS
  SELECT r.case_id, r.person_id, r.id AS recusal_id, r.source, r.grounds
    FROM case_recusal r LEFT JOIN case_recusal_decision d ON d.recusal_id = r.id
   WHERE r.source = 'declared' OR d.granted;
GRANT SELECT ON case_recusal_effective TO zhifa_app;

/**
 * 处罚法43, 许可法48(三), 强制法 by reference: a recused person is not an acting officer of
 * the case, nor does the user linked to that person record its actions.
 */
CREATE FUNCTION case_action_recusal_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  who text;
BEGIN
  SELECT p.name INTO who FROM case_recusal_effective e JOIN person p ON p.id = e.person_id
   WHERE e.case_id = NEW.case_id
     AND (e.person_id = ANY (NEW.officers)
          OR e.person_id = (SELECT u.person_id FROM app_user u WHERE u.id = NEW.recorded_by))
   LIMIT 1;
  IF who IS NOT NULL THEN
    RAISE EXCEPTION '执法人员%已回避本案，不得参与办理或记录本案执法行为（行政处罚法第四十三条）', who
      USING ERRCODE = 'check_violation', HINT = 'RECUSED';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER case_action_recusal BEFORE INSERT ON case_action FOR EACH ROW EXECUTE FUNCTION case_action_recusal_check();

-- R-04 简易程序: the pre-numbered 决定书 (处罚法52第一款), 当场收缴 (处罚法68-70), handing the
-- money to the agency (处罚法71) and the 备案 (处罚法52第三款).
UPDATE case_action_type SET required_data = required_data || '{documentNo}'::text[]
 WHERE kind = '处罚-简易' AND code = '现场处罚决定';
INSERT INTO case_action_type (kind, code, seq, stage, requires_all, required_data, statute) VALUES
  ('处罚-简易', '当场收缴', 23, '执行', '{送达}', '{ground,amountYuan,receiptNo}', '处罚法68、69、70'),
  ('处罚-简易', '罚款交至机关', 24, '执行', '{当场收缴}', '{handoverDue}', '处罚法71'),
  ('处罚-简易', '罚款缴付银行', 25, '执行', '{罚款交至机关}', '{paymentDue}', '处罚法71'),
  ('处罚-简易', '备案', 33, '备案', '{现场处罚决定}', '{}', '处罚法52'),
  -- 处罚法69: after a 普通程序 fine (第五十七条) too, in remote areas, on water or with poor transport
  ('处罚-普通', '当场收缴', 112, '执行', '{送达}', '{ground,amountYuan,receiptNo}', '处罚法69、70'),
  ('处罚-普通', '罚款交至机关', 113, '执行', '{当场收缴}', '{handoverDue}', '处罚法71'),
  ('处罚-普通', '罚款缴付银行', 114, '执行', '{罚款交至机关}', '{paymentDue}', '处罚法71');
-- 结案 after the 备案 and after the fine was paid, at the bank (执行) or on the spot
UPDATE case_action_type SET requires_all = '{备案}', requires_any = '{执行,当场收缴}'
 WHERE kind = '处罚-简易' AND code = '结案';

/**
 * 处罚法68/69: why the fine of a 简易程序 decision (p_decision) may not be collected on the
 * spot as p_data says, or NULL. 68(一): a fine of at most 100 元; 68(二): collection later
 * would be hard; 69: remote area, water or poor transport, on the party's request. The
 * latter two need a recorded reason. The whole fine is collected, against a 专用票据 (70).
 */
CREATE FUNCTION on_the_spot_collection_problem(p_decision jsonb, p_data jsonb) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  IF p_decision->>'penalty' IS DISTINCT FROM '罚款' THEN
    RETURN '只有罚款可以当场收缴（行政处罚法第六十八条）';
  END IF;
  IF jsonb_typeof(p_data->'amountYuan') IS DISTINCT FROM 'number'
     OR (p_data->>'amountYuan')::numeric <> (p_decision->>'fineYuan')::numeric THEN
    RETURN '当场收缴的数额须与处罚决定的罚款数额一致';
  END IF;
  IF coalesce(btrim(p_data->>'receiptNo'), '') = '' THEN
    RETURN '当场收缴罚款须出具财政部门统一制发的专用票据（行政处罚法第七十条）';
  END IF;
  CASE p_data->>'ground'
    WHEN '68(一)' THEN
      IF (p_decision->>'fineYuan')::numeric > 100 THEN
        RETURN '一百元以上的罚款不得依第六十八条第一项当场收缴（行政处罚法第六十八条）';
      END IF;
    WHEN '68(二)', '69' THEN
      IF coalesce(btrim(p_data->>'reason'), '') = '' THEN
        RETURN '须写明不当场收缴事后难以执行或者缴纳确有困难的理由（行政处罚法第六十八条、第六十九条）';
      END IF;
      IF p_data->>'ground' = '69' AND jsonb_typeof(p_data->'partyRequested') IS DISTINCT FROM 'boolean' THEN
        RETURN '须写明当事人是否提出当场缴纳（行政处罚法第六十九条）';
      END IF;
      IF p_data->>'ground' = '69' AND NOT (p_data->>'partyRequested')::boolean THEN
        RETURN '边远、水上、交通不便地区当场收缴须经当事人提出（行政处罚法第六十九条）';
      END IF;
    ELSE
      RETURN '当场收缴的依据只能是行政处罚法第六十八条第一项、第二项或者第六十九条';
  END CASE;
  RETURN NULL;
END $$;

/**
 * R-04: the rules of 简易程序 and of on-the-spot collection (处罚法68-71) on stored data, for
 * every insert into case_action of a 处罚 case.
 */
CREATE FUNCTION simple_procedure_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c enforcement_case;
  decision case_action;
  collection case_action;
  problem text;
  base date;
  due date;
  landed date;
BEGIN
  SELECT * INTO c FROM enforcement_case WHERE id = NEW.case_id;
  IF c.kind NOT IN ('处罚-简易', '处罚-普通') THEN
    RETURN NEW;
  END IF;
  SELECT * INTO decision FROM case_action_live
   WHERE case_id = NEW.case_id AND type = CASE c.kind WHEN '处罚-简易' THEN '现场处罚决定' ELSE '决定' END
     AND id IS DISTINCT FROM NEW.supersedes_id LIMIT 1;
  SELECT * INTO collection FROM case_action_live
   WHERE case_id = NEW.case_id AND type = '当场收缴' AND id IS DISTINCT FROM NEW.supersedes_id LIMIT 1;

  -- 处罚法52第一款: the 决定书 is handed to the party on the spot
  IF c.kind = '处罚-简易' AND NEW.type = '送达' AND NEW.acted_on <> decision.acted_on THEN
    RAISE EXCEPTION '当场作出的行政处罚决定书应当当场交付当事人，送达日期须为决定日期（%）（行政处罚法第五十二条）', decision.acted_on
      USING ERRCODE = 'check_violation', HINT = 'SIMPLE_DELIVERY_ON_THE_SPOT';
  END IF;

  -- 处罚法68 covers 当场 decisions only; after a 普通程序 decision only 第六十九条 applies
  IF NEW.type = '当场收缴' AND c.kind = '处罚-普通' THEN
    IF NEW.data->>'ground' IS DISTINCT FROM '69' THEN
      RAISE EXCEPTION '普通程序作出的罚款决定只能依行政处罚法第六十九条当场收缴' USING ERRCODE = 'check_violation', HINT = 'ON_THE_SPOT_COLLECTION';
    END IF;
    problem := on_the_spot_collection_problem(
      jsonb_build_object('penalty', '罚款', 'fineYuan',
        CASE WHEN jsonb_typeof(decision.data->'fineYuan') = 'number' THEN decision.data->'fineYuan'
             WHEN jsonb_typeof(NEW.data->'amountYuan') = 'number' THEN NEW.data->'amountYuan' ELSE 'null'::jsonb END),
      NEW.data);
    IF problem IS NULL AND jsonb_typeof(NEW.data->'amountYuan') = 'number' AND (NEW.data->>'amountYuan')::numeric <= 0 THEN
      problem := '罚款数额必须为正数';
    END IF;
    IF problem IS NOT NULL THEN
      RAISE EXCEPTION '%', problem USING ERRCODE = 'check_violation', HINT = 'ON_THE_SPOT_COLLECTION';
    END IF;
  END IF;

  IF NEW.type = '当场收缴' AND c.kind = '处罚-简易' THEN
    problem := on_the_spot_collection_problem(decision.data, NEW.data);
    IF problem IS NOT NULL THEN
      RAISE EXCEPTION '%', problem USING ERRCODE = 'check_violation', HINT = 'ON_THE_SPOT_COLLECTION';
    END IF;
    IF NEW.acted_on <> decision.acted_on THEN
      RAISE EXCEPTION '当场收缴须在作出处罚决定时进行（%）（行政处罚法第六十八条）', decision.acted_on
        USING ERRCODE = 'check_violation', HINT = 'ON_THE_SPOT_COLLECTION';
    END IF;
  END IF;

  -- 处罚法71/85: within two working days of the collection, or of landing when collected
  -- on water. The application computes the due day on the F-04 calendar; it is at least two
  -- calendar days later, and the action records whether the money came late.
  IF NEW.type = '罚款交至机关' THEN
    BEGIN
      due := (NEW.data->>'handoverDue')::date;
      landed := (NEW.data->>'landedOn')::date;
    EXCEPTION WHEN others THEN
      RAISE EXCEPTION '交付期限或者抵岸日期无效' USING ERRCODE = 'check_violation', HINT = 'FINE_HANDOVER';
    END;
    IF (collection.data->>'onWater')::boolean IS TRUE THEN
      IF landed IS NULL OR landed < collection.acted_on OR landed > NEW.acted_on THEN
        RAISE EXCEPTION '水上当场收缴的罚款须写明抵岸日期（行政处罚法第七十一条）' USING ERRCODE = 'check_violation', HINT = 'FINE_HANDOVER';
      END IF;
      base := landed;
    ELSE
      base := collection.acted_on;
    END IF;
    IF due IS NULL OR due < base + 2 THEN
      RAISE EXCEPTION '罚款交至行政机关的期限为收缴（抵岸）之日起二日（行政处罚法第七十一条）' USING ERRCODE = 'check_violation', HINT = 'FINE_HANDOVER';
    END IF;
    IF jsonb_typeof(NEW.data->'late') IS DISTINCT FROM 'boolean' OR (NEW.data->>'late')::boolean <> (NEW.acted_on > due) THEN
      RAISE EXCEPTION '须如实记录罚款是否逾期交至行政机关（行政处罚法第七十一条）' USING ERRCODE = 'check_violation', HINT = 'FINE_HANDOVER';
    END IF;
  END IF;

  -- 处罚法71: the agency pays the money to the bank within two working days of receiving it
  IF NEW.type = '罚款缴付银行' THEN
    BEGIN
      due := (NEW.data->>'paymentDue')::date;
    EXCEPTION WHEN others THEN
      RAISE EXCEPTION '缴付期限日期无效' USING ERRCODE = 'check_violation', HINT = 'FINE_HANDOVER';
    END;
    SELECT acted_on INTO base FROM case_action_live
     WHERE case_id = NEW.case_id AND type = '罚款交至机关' AND id IS DISTINCT FROM NEW.supersedes_id LIMIT 1;
    IF due IS NULL OR due < base + 2 THEN
      RAISE EXCEPTION '行政机关将罚款缴付银行的期限为收到罚款之日起二日（行政处罚法第七十一条）' USING ERRCODE = 'check_violation', HINT = 'FINE_HANDOVER';
    END IF;
    IF jsonb_typeof(NEW.data->'late') IS DISTINCT FROM 'boolean' OR (NEW.data->>'late')::boolean <> (NEW.acted_on > due) THEN
      RAISE EXCEPTION '须如实记录罚款是否逾期缴付银行（行政处罚法第七十一条）' USING ERRCODE = 'check_violation', HINT = 'FINE_HANDOVER';
    END IF;
  END IF;

  -- 处罚法71: money collected on the spot reaches the agency and the bank before the case is closed
  IF NEW.type = '结案' AND collection.id IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM case_action_live WHERE case_id = NEW.case_id AND type = '罚款缴付银行') THEN
    RAISE EXCEPTION '当场收缴的罚款交至行政机关并缴付银行后方可结案（行政处罚法第七十一条）' USING ERRCODE = 'check_violation', HINT = 'FINE_HANDOVER';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER case_action_simple_procedure BEFORE INSERT ON case_action FOR EACH ROW EXECUTE FUNCTION simple_procedure_check();
