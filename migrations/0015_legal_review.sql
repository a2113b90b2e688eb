-- 重大执法决定法制审核 (L-03, L-04, L-05): reviews, their rounds and the reviewer's opinion
-- per round, all append-only. Opinion kinds and the checklist are data (L-05: other
-- localities use 同意/纠正/移送).

-- L-05: opinion kinds; passes: the kind lets the decision be made; needs_reasons: reasons required
CREATE TABLE review_opinion_kind (
  code text PRIMARY KEY,
  passes boolean NOT NULL,
  needs_reasons boolean NOT NULL,
  sort integer NOT NULL UNIQUE
);
GRANT SELECT ON review_opinion_kind TO zhifa_app;
INSERT INTO review_opinion_kind (code, passes, needs_reasons, sort) VALUES
  ('同意', true, false, 1), ('暂不同意', false, true, 2), ('不同意', false, true, 3);

-- L-04: the review checklist (s000 §2(三)4, s002 §13)
CREATE TABLE review_checklist_point (
  code text PRIMARY KEY,
  title text NOT NULL,
  sort integer NOT NULL UNIQUE
);
GRANT SELECT ON review_checklist_point TO zhifa_app;
INSERT INTO review_checklist_point (code, title, sort) VALUES
  ('subject', '执法主体合法', 1),
  ('officers', '执法人员具备执法资格', 2),
  ('procedure', '执法程序合法', 3),
  ('facts', '案件事实清楚', 4),
  ('evidence', '证据合法、确凿、充分', 5),
  ('law', '适用法律、法规、规章准确', 6),
  ('discretion', '裁量基准运用适当', 7),
  ('authority', '未超越执法机关法定权限', 8),
  ('documents', '执法文书完备、规范', 9),
  ('rights', '当事人知情权、陈述申辩权等权利得到保障', 10),
  ('crime', '违法行为涉嫌犯罪的，已移送司法机关', 11);

-- L-03: one submission of a case for review; its rounds carry the proposal
CREATE TABLE legal_review (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES enforcement_case(id),
  statement text NOT NULL CHECK (length(btrim(statement)) BETWEEN 1 AND 5000),
  flags text[] NOT NULL DEFAULT '{}',
  submitted_by uuid NOT NULL REFERENCES app_user(id),
  submitted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX legal_review_case ON legal_review (case_id);
CREATE TRIGGER legal_review_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON legal_review
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON legal_review TO zhifa_app;

-- L-05: round n of a review; a resubmission (n > 1) answers the previous opinion
CREATE TABLE legal_review_round (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  review_id uuid NOT NULL REFERENCES legal_review(id),
  n integer NOT NULL CHECK (n >= 1),
  proposal jsonb NOT NULL CHECK (jsonb_typeof(proposal) = 'object'),
  answer text CHECK (length(answer) <= 5000),
  due_on date NOT NULL,
  submitted_by uuid NOT NULL REFERENCES app_user(id),
  submitted_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (review_id, n),
  CHECK (n = 1 OR length(btrim(coalesce(answer, ''))) > 0)
);
CREATE TRIGGER legal_review_round_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON legal_review_round
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON legal_review_round TO zhifa_app;

-- L-04/L-05: the reviewer's opinion on one round, at most one
CREATE TABLE legal_review_opinion (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  round_id uuid NOT NULL UNIQUE REFERENCES legal_review_round(id),
  kind text NOT NULL REFERENCES review_opinion_kind(code),
  reasons text NOT NULL DEFAULT '' CHECK (length(reasons) <= 5000),
  findings jsonb NOT NULL CHECK (jsonb_typeof(findings) = 'array'),
  given_by uuid NOT NULL REFERENCES app_user(id),
  given_at timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER legal_review_opinion_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON legal_review_opinion
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON legal_review_opinion TO zhifa_app;

/** L-04/L-05: an opinion is given on the latest round, with reasons where its kind needs them and a finding on every checklist point. */
CREATE FUNCTION legal_review_opinion_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r legal_review_round;
  k review_opinion_kind;
BEGIN
  SELECT * INTO r FROM legal_review_round WHERE id = NEW.round_id;
  IF EXISTS (SELECT 1 FROM legal_review_round x WHERE x.review_id = r.review_id AND x.n > r.n) THEN
    RAISE EXCEPTION '该轮审核已结束' USING ERRCODE = 'check_violation', HINT = 'ROUND_CLOSED';
  END IF;
  SELECT * INTO k FROM review_opinion_kind WHERE code = NEW.kind;
  IF k.needs_reasons AND length(btrim(NEW.reasons)) = 0 THEN
    RAISE EXCEPTION '“%”须写明理由', NEW.kind USING ERRCODE = 'check_violation', HINT = 'REVIEW_REASONS_REQUIRED';
  END IF;
  IF EXISTS (SELECT 1 FROM review_checklist_point p
              WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements(NEW.findings) f
                                 WHERE f->>'point' = p.code AND f->>'finding' IN ('符合', '不符合', '不适用'))) THEN
    RAISE EXCEPTION '审核要点须逐项填写审核结论' USING ERRCODE = 'check_violation', HINT = 'REVIEW_CHECKLIST_INCOMPLETE';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER legal_review_opinion_legal BEFORE INSERT ON legal_review_opinion FOR EACH ROW EXECUTE FUNCTION legal_review_opinion_check();
