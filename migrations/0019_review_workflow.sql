-- 法制审核 workflow around the rounds of 0015: assignment of a reviewer (F-03, 处罚法58, 处罚法43),
-- the extension of the time limit approved by the 分管领导 (L-06), coordination of a disagreement
-- (L-07), the head's decision with its responsibility marks (L-08) and review by the 司法局 (L-09).
-- Everything is append-only; the rules are in the insert triggers, each raising check_violation
-- with the stable code in HINT.

/**
 * 处罚法43 / F-03: the person handled the case (acting officer or recorder of an action other than
 * the 法制审核 result itself, creator, submitter) or has a 回避 recorded that was not refused.
 */
CREATE FUNCTION review_person_conflicted(p_review uuid, p_person uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM legal_review r JOIN case_action a ON a.case_id = r.case_id
                  WHERE r.id = p_review AND a.type <> '法制审核' AND (p_person = ANY (a.officers)
                        OR a.recorded_by IN (SELECT u.id FROM app_user u WHERE u.person_id = p_person)))
      OR EXISTS (SELECT 1 FROM legal_review r JOIN enforcement_case c ON c.id = r.case_id JOIN app_user u ON u.id = c.created_by
                  WHERE r.id = p_review AND u.person_id = p_person)
      OR EXISTS (SELECT 1 FROM legal_review_round x JOIN app_user u ON u.id = x.submitted_by
                  WHERE x.review_id = p_review AND u.person_id = p_person)
      OR EXISTS (SELECT 1 FROM legal_review r JOIN case_recusal cr ON cr.case_id = r.case_id
                   LEFT JOIN case_recusal_decision d ON d.recusal_id = cr.id
                  WHERE r.id = p_review AND cr.person_id = p_person AND (cr.source = 'declared' OR d.id IS NULL OR d.granted))
$$;

-- L-09: the 司法局 (justice bureaux) that review major decisions taken in the name of their government
CREATE TABLE justice_bureau (
  org_id uuid PRIMARY KEY REFERENCES org_node(id),
  registered_at timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER justice_bureau_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON justice_bureau
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON justice_bureau TO zhifa_app;

-- L-09 (s002 §14(1)): a review sent to the 司法局 of the government in whose name the decision is taken
CREATE TABLE legal_review_referral (
  review_id uuid PRIMARY KEY REFERENCES legal_review(id),
  bureau_id uuid NOT NULL REFERENCES justice_bureau(org_id),
  reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 2000),
  referred_by uuid NOT NULL REFERENCES app_user(id),
  referred_at timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER legal_review_referral_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON legal_review_referral
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON legal_review_referral TO zhifa_app;

/** L-09: only to the bureau of the case agency's government (its region contains the agency), and before any opinion. */
CREATE FUNCTION legal_review_referral_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM legal_review r JOIN enforcement_case c ON c.id = r.case_id JOIN org_node a ON a.id = c.agency_id,
                                org_node b JOIN org_node g ON g.id = b.parent_id
                  WHERE r.id = NEW.review_id AND b.id = NEW.bureau_id AND starts_with(a.path, g.path)) THEN
    RAISE EXCEPTION '只能送本级或者上级人民政府的司法行政部门审核' USING ERRCODE = 'check_violation', HINT = 'REFERRAL_BUREAU';
  END IF;
  IF EXISTS (SELECT 1 FROM legal_review_round x JOIN legal_review_opinion o ON o.round_id = x.id WHERE x.review_id = NEW.review_id) THEN
    RAISE EXCEPTION '已提出审核意见的，不能再送司法行政部门审核' USING ERRCODE = 'check_violation', HINT = 'REFERRAL_TOO_LATE';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER legal_review_referral_legal BEFORE INSERT ON legal_review_referral FOR EACH ROW EXECUTE FUNCTION legal_review_referral_check();

-- F-03 / L-05: the reviewer a review is assigned to; the latest assignment counts, earlier ones are kept
CREATE TABLE legal_review_assignment (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  n bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  review_id uuid NOT NULL REFERENCES legal_review(id),
  reviewer_id uuid NOT NULL REFERENCES legal_reviewer(person_id),
  assigned_by uuid NOT NULL REFERENCES app_user(id),
  assigned_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX legal_review_assignment_review ON legal_review_assignment (review_id, n);
CREATE TRIGGER legal_review_assignment_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON legal_review_assignment
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON legal_review_assignment TO zhifa_app;

-- L-09: an assignment made before the review was sent to the 司法局 no longer counts
CREATE VIEW legal_review_current_assignment AS
  SELECT DISTINCT ON (a.review_id) a.review_id, a.reviewer_id, a.assigned_by, a.assigned_at
    FROM legal_review_assignment a LEFT JOIN legal_review_referral f ON f.review_id = a.review_id
   WHERE f.review_id IS NULL OR a.assigned_at >= f.referred_at
   ORDER BY a.review_id, a.n DESC;
GRANT SELECT ON legal_review_current_assignment TO zhifa_app;

/**
 * F-03 / 处罚法58 / 处罚法43: the reviewer is an active 法制审核人员 in post of the reviewing agency
 * (the case agency, or the 司法局 the review was sent to) or of the shared pool of 法律顾问/公职律师;
 * one reviewing for the first time (no opinion given yet) holds 法律职业资格; no handling officer of
 * the case and nobody with a 回避 recorded reviews it.
 */
CREATE FUNCTION legal_review_assignment_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  lr legal_reviewer;
  p person;
  reviewing uuid;
BEGIN
  SELECT * INTO lr FROM legal_reviewer WHERE person_id = NEW.reviewer_id;
  SELECT * INTO p FROM person WHERE id = NEW.reviewer_id;
  IF NOT lr.active OR p.status <> '在岗' THEN
    RAISE EXCEPTION '%不是在岗的法制审核人员', p.name USING ERRCODE = 'check_violation', HINT = 'REVIEWER_NOT_ACTIVE';
  END IF;
  SELECT coalesce(f.bureau_id, c.agency_id) INTO reviewing
    FROM legal_review r JOIN enforcement_case c ON c.id = r.case_id LEFT JOIN legal_review_referral f ON f.review_id = r.id
   WHERE r.id = NEW.review_id;
  IF NOT (lr.shared_pool OR lr.agency_id = reviewing) THEN
    RAISE EXCEPTION '%不是本机关的法制审核人员，也不在法律顾问、公职律师共享库中', p.name USING ERRCODE = 'check_violation', HINT = 'REVIEWER_NOT_CANDIDATE';
  END IF;
  IF lr.first_time AND NOT p.legal_qualification
     AND NOT EXISTS (SELECT 1 FROM legal_review_opinion o JOIN app_user u ON u.id = o.given_by WHERE u.person_id = p.id) THEN
    RAISE EXCEPTION '初次从事行政处罚决定法制审核的人员，应当通过国家统一法律职业资格考试取得法律职业资格（行政处罚法第五十八条）'
      USING ERRCODE = 'check_violation', HINT = 'REVIEWER_NOT_QUALIFIED';
  END IF;
  IF review_person_conflicted(NEW.review_id, NEW.reviewer_id) THEN
    RAISE EXCEPTION '%承办本案或者已申请、决定回避，不得审核本案（行政处罚法第四十三条）', p.name USING ERRCODE = 'check_violation', HINT = 'REVIEWER_RECUSED';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER legal_review_assignment_legal BEFORE INSERT ON legal_review_assignment FOR EACH ROW EXECUTE FUNCTION legal_review_assignment_check();

/** F-03 / 处罚法43 / 处罚法58: once assigned, only the assignee gives the opinion; never one conflicted, nor a first-time reviewer without 法律职业资格. */
CREATE FUNCTION legal_review_opinion_assignee_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  rid uuid;
  assignee uuid;
  author uuid;
BEGIN
  SELECT review_id INTO rid FROM legal_review_round WHERE id = NEW.round_id;
  SELECT reviewer_id INTO assignee FROM legal_review_current_assignment WHERE review_id = rid;
  SELECT person_id INTO author FROM app_user WHERE id = NEW.given_by;
  IF assignee IS NOT NULL AND author IS DISTINCT FROM assignee THEN
    RAISE EXCEPTION '本案已分配给其他法制审核人员' USING ERRCODE = 'check_violation', HINT = 'REVIEW_ASSIGNED_TO_OTHER';
  END IF;
  IF author IS NOT NULL AND review_person_conflicted(rid, author) THEN
    RAISE EXCEPTION '承办本案或者已申请、决定回避的人员不得审核本案（行政处罚法第四十三条）' USING ERRCODE = 'check_violation', HINT = 'REVIEWER_RECUSED';
  END IF;
  IF EXISTS (SELECT 1 FROM legal_reviewer lr JOIN person p ON p.id = lr.person_id
              WHERE lr.person_id = author AND lr.first_time AND NOT p.legal_qualification
                AND NOT EXISTS (SELECT 1 FROM legal_review_opinion o JOIN app_user u ON u.id = o.given_by WHERE u.person_id = author)) THEN
    RAISE EXCEPTION '初次从事行政处罚决定法制审核的人员，应当通过国家统一法律职业资格考试取得法律职业资格（行政处罚法第五十八条）'
      USING ERRCODE = 'check_violation', HINT = 'REVIEWER_NOT_QUALIFIED';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER legal_review_opinion_assignee BEFORE INSERT ON legal_review_opinion FOR EACH ROW EXECUTE FUNCTION legal_review_opinion_assignee_check();

-- L-06 (s002 §14(3)): the reviewer asks for more time on a round; the 分管领导 decides
CREATE TABLE legal_review_extension (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  round_id uuid NOT NULL REFERENCES legal_review_round(id),
  days integer NOT NULL CHECK (days BETWEEN 1 AND 30),
  reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 2000),
  requested_by uuid NOT NULL REFERENCES app_user(id),
  requested_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX legal_review_extension_round ON legal_review_extension (round_id);
CREATE TRIGGER legal_review_extension_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON legal_review_extension
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON legal_review_extension TO zhifa_app;

CREATE TABLE legal_review_extension_decision (
  extension_id uuid PRIMARY KEY REFERENCES legal_review_extension(id),
  approved boolean NOT NULL,
  opinion text NOT NULL DEFAULT '' CHECK (length(opinion) <= 2000),
  due_on date,
  decided_by uuid NOT NULL REFERENCES app_user(id),
  decided_at timestamptz NOT NULL DEFAULT now(),
  CHECK (approved = (due_on IS NOT NULL)),
  CHECK (approved OR length(btrim(opinion)) > 0)
);
CREATE TRIGGER legal_review_extension_decision_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON legal_review_extension_decision
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON legal_review_extension_decision TO zhifa_app;

/** L-06: a round's due date in force: the approved extension's, else the one set on receipt. */
CREATE VIEW legal_review_round_due AS
  SELECT x.id AS round_id, x.review_id, x.due_on AS base_due_on, coalesce(d.due_on, x.due_on) AS due_on, d.due_on IS NOT NULL AS extended
    FROM legal_review_round x
    LEFT JOIN LATERAL (SELECT ed.due_on FROM legal_review_extension e JOIN legal_review_extension_decision ed ON ed.extension_id = e.id
                        WHERE e.round_id = x.id AND ed.approved LIMIT 1) d ON true;
GRANT SELECT ON legal_review_round_due TO zhifa_app;

/** L-06: an extension is asked for on the open latest round, once (a pending or approved request blocks another). */
CREATE FUNCTION legal_review_extension_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE r legal_review_round;
BEGIN
  SELECT * INTO r FROM legal_review_round WHERE id = NEW.round_id;
  IF EXISTS (SELECT 1 FROM legal_review_round x WHERE x.review_id = r.review_id AND x.n > r.n)
     OR EXISTS (SELECT 1 FROM legal_review_opinion o WHERE o.round_id = r.id) THEN
    RAISE EXCEPTION '该轮审核已结束，不能延长审核期限' USING ERRCODE = 'check_violation', HINT = 'ROUND_CLOSED';
  END IF;
  IF EXISTS (SELECT 1 FROM legal_review_extension e LEFT JOIN legal_review_extension_decision d ON d.extension_id = e.id
              WHERE e.round_id = NEW.round_id AND (d.extension_id IS NULL OR d.approved)) THEN
    RAISE EXCEPTION '审核期限只能延长一次' USING ERRCODE = 'check_violation', HINT = 'EXTENSION_ONCE';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER legal_review_extension_legal BEFORE INSERT ON legal_review_extension FOR EACH ROW EXECUTE FUNCTION legal_review_extension_check();

/** L-06: only a head (分管领导) decides, while the round is open; an approval moves the due date later. */
CREATE FUNCTION legal_review_extension_decision_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE r legal_review_round;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM app_user u WHERE u.id = NEW.decided_by AND 'head' = ANY (u.roles)) THEN
    RAISE EXCEPTION '延长审核期限须经分管负责人批准' USING ERRCODE = 'check_violation', HINT = 'EXTENSION_APPROVER';
  END IF;
  SELECT x.* INTO r FROM legal_review_round x JOIN legal_review_extension e ON e.round_id = x.id WHERE e.id = NEW.extension_id;
  IF EXISTS (SELECT 1 FROM legal_review_round x WHERE x.review_id = r.review_id AND x.n > r.n)
     OR EXISTS (SELECT 1 FROM legal_review_opinion o WHERE o.round_id = r.id) THEN
    RAISE EXCEPTION '该轮审核已结束，不能延长审核期限' USING ERRCODE = 'check_violation', HINT = 'ROUND_CLOSED';
  END IF;
  IF NEW.approved AND NEW.due_on <= r.due_on THEN
    RAISE EXCEPTION '延长后的期限须晚于原期限' USING ERRCODE = 'check_violation', HINT = 'EXTENSION_DUE';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER legal_review_extension_decision_legal BEFORE INSERT ON legal_review_extension_decision
  FOR EACH ROW EXECUTE FUNCTION legal_review_extension_decision_check();

-- L-07: the handling unit's 意见 on a 暂不同意/不同意 and the coordination held on it
CREATE TABLE legal_review_coordination (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  n bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  round_id uuid NOT NULL REFERENCES legal_review_round(id),
  unit_opinion text NOT NULL CHECK (length(btrim(unit_opinion)) BETWEEN 1 AND 5000),
  participants text[] NOT NULL CHECK (cardinality(participants) BETWEEN 1 AND 50),
  outcome text NOT NULL CHECK (length(btrim(outcome)) BETWEEN 1 AND 5000),
  resolved boolean NOT NULL,
  recorded_by uuid NOT NULL REFERENCES app_user(id),
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX legal_review_coordination_round ON legal_review_coordination (round_id, n);
CREATE TRIGGER legal_review_coordination_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON legal_review_coordination
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON legal_review_coordination TO zhifa_app;

/** L-07: coordination is on the latest round, whose opinion is one that does not pass. */
CREATE FUNCTION legal_review_coordination_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE r legal_review_round;
BEGIN
  SELECT * INTO r FROM legal_review_round WHERE id = NEW.round_id;
  IF EXISTS (SELECT 1 FROM legal_review_round x WHERE x.review_id = r.review_id AND x.n > r.n) THEN
    RAISE EXCEPTION '该轮审核已结束' USING ERRCODE = 'check_violation', HINT = 'ROUND_CLOSED';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM legal_review_opinion o JOIN review_opinion_kind k ON k.code = o.kind WHERE o.round_id = r.id AND NOT k.passes) THEN
    RAISE EXCEPTION '只有对暂不同意、不同意的审核意见有分歧时才需协调' USING ERRCODE = 'check_violation', HINT = 'NO_DISAGREEMENT';
  END IF;
  IF EXISTS (SELECT 1 FROM legal_review_decision d WHERE d.review_id = r.review_id) THEN
    RAISE EXCEPTION '负责人已作出决定' USING ERRCODE = 'check_violation', HINT = 'REVIEW_DECIDED';
  END IF;
  RETURN NEW;
END $$;

-- L-07 / L-08: the head's decision on a reviewed proposal; against_* mark a decision against the
-- handling unit's proposal or the reviewer's opinion (set by the trigger, never by the caller)
CREATE TABLE legal_review_decision (
  review_id uuid PRIMARY KEY REFERENCES legal_review(id),
  round_id uuid NOT NULL REFERENCES legal_review_round(id),
  outcome text NOT NULL CHECK (outcome IN ('proposal', 'opinion', 'other')),
  decision text NOT NULL CHECK (length(btrim(decision)) BETWEEN 1 AND 5000),
  against_proposal boolean NOT NULL DEFAULT false,
  against_opinion boolean NOT NULL DEFAULT false,
  reason text NOT NULL DEFAULT '' CHECK (length(reason) <= 5000),
  decided_by uuid NOT NULL REFERENCES app_user(id),
  decided_at timestamptz NOT NULL DEFAULT now(),
  CHECK (NOT (against_proposal OR against_opinion) OR length(btrim(reason)) > 0)
);
CREATE TRIGGER legal_review_decision_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON legal_review_decision
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON legal_review_decision TO zhifa_app;

CREATE TRIGGER legal_review_coordination_legal BEFORE INSERT ON legal_review_coordination FOR EACH ROW EXECUTE FUNCTION legal_review_coordination_check();

/**
 * L-07 / L-08: a head decides on the latest round once it has an opinion; after a 暂不同意/不同意
 * only on a disagreement the coordination left unresolved. The marks follow from the outcome and
 * the opinion; a decision against either states its reason.
 */
CREATE FUNCTION legal_review_decision_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r legal_review_round;
  passes boolean;
  unresolved boolean;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM app_user u WHERE u.id = NEW.decided_by AND 'head' = ANY (u.roles)) THEN
    RAISE EXCEPTION '由机关负责人作出决定' USING ERRCODE = 'check_violation', HINT = 'DECISION_BY_HEAD';
  END IF;
  SELECT * INTO r FROM legal_review_round WHERE id = NEW.round_id AND review_id = NEW.review_id;
  IF r.id IS NULL OR EXISTS (SELECT 1 FROM legal_review_round x WHERE x.review_id = r.review_id AND x.n > r.n) THEN
    RAISE EXCEPTION '只能就最后一轮审核作出决定' USING ERRCODE = 'check_violation', HINT = 'ROUND_CLOSED';
  END IF;
  SELECT k.passes INTO passes FROM legal_review_opinion o JOIN review_opinion_kind k ON k.code = o.kind WHERE o.round_id = r.id;
  IF passes IS NULL THEN
    RAISE EXCEPTION '法制审核尚未提出意见' USING ERRCODE = 'check_violation', HINT = 'OPINION_PENDING';
  END IF;
  IF NOT passes THEN
    SELECT NOT c.resolved INTO unresolved FROM legal_review_coordination c WHERE c.round_id = r.id ORDER BY c.n DESC LIMIT 1;
    IF unresolved IS NOT TRUE THEN
      RAISE EXCEPTION '审核意见未经协调或者分歧已经解决，应当按审核意见办理后重新送审' USING ERRCODE = 'check_violation', HINT = 'DISAGREEMENT_NOT_ESCALATED';
    END IF;
  END IF;
  NEW.against_proposal := NEW.outcome = 'other' OR (NEW.outcome = 'opinion' AND NOT passes);
  NEW.against_opinion := NEW.outcome = 'other' OR (NEW.outcome = 'proposal' AND NOT passes);
  IF (NEW.against_proposal OR NEW.against_opinion) AND length(btrim(NEW.reason)) = 0 THEN
    RAISE EXCEPTION '未采纳承办机构建议或者法制审核意见的，须写明理由' USING ERRCODE = 'check_violation', HINT = 'DECISION_REASON_REQUIRED';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER legal_review_decision_legal BEFORE INSERT ON legal_review_decision FOR EACH ROW EXECUTE FUNCTION legal_review_decision_check();

-- L-08: the visible mark on the case: every decision against the proposal or the opinion
CREATE VIEW case_review_mark AS
  SELECT r.case_id, d.review_id, d.against_proposal, d.against_opinion, d.reason, d.decided_by, d.decided_at
    FROM legal_review_decision d JOIN legal_review r ON r.id = d.review_id
   WHERE d.against_proposal OR d.against_opinion;
GRANT SELECT ON case_review_mark TO zhifa_app;
