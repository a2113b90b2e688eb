-- P-15 / S-04: the portal's 办理进度查询 by query code, and the intake of 投诉举报.
--
-- A query code is 12 random characters of Crockford's base-32 alphabet (no I, L, O, U) and
-- one check character (Luhn mod 32), 13 in all: 60 random bits, and any single mistyped
-- character is told apart from an unknown code. The TypeScript twin is
-- src/domains/cases/progress-code.ts; the two are tested to agree.

CREATE FUNCTION query_code_check_char(p_body text) RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
  alphabet CONSTANT text := '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  factor integer := 2;
  total integer := 0;
  digit integer;
  addend integer;
BEGIN
  FOR i IN REVERSE length(p_body)..1 LOOP
    digit := strpos(alphabet, substr(p_body, i, 1)) - 1;
    IF digit < 0 THEN
      RETURN NULL;
    END IF;
    addend := factor * digit;
    total := total + addend / 32 + addend % 32;
    factor := 3 - factor;
  END LOOP;
  RETURN substr(alphabet, (32 - total % 32) % 32 + 1, 1);
END $$;

CREATE FUNCTION query_code_valid(p_code text) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT p_code ~ '^[0-9A-HJKMNP-TV-Z]{13}$' AND right(p_code, 1) = query_code_check_char(left(p_code, 12))
$$;

-- The random bits of a version-4 UUID (gen_random_uuid is a strong random source on every
-- PostgreSQL and on PGlite): the low five bits of bytes whose low five bits are random.
CREATE FUNCTION query_code_new() RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  alphabet CONSTANT text := '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  bytes bytea := decode(replace(gen_random_uuid()::text, '-', ''), 'hex');
  body text := '';
  b integer;
BEGIN
  FOREACH b IN ARRAY ARRAY[0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12] LOOP
    body := body || substr(alphabet, (get_byte(bytes, b) & 31) + 1, 1);
  END LOOP;
  RETURN body || query_code_check_char(body);
END $$;

-- Every case has its code from the moment it is created; existing cases get one here
-- (a volatile default is evaluated for each existing row).
ALTER TABLE enforcement_case
  ADD COLUMN query_code text NOT NULL DEFAULT query_code_new()
    CONSTRAINT enforcement_case_query_code_key UNIQUE
    CONSTRAINT enforcement_case_query_code_valid CHECK (query_code_valid(query_code));

-- The portal's public forms are signed with this key (HMAC-SHA256, expiry in the token),
-- so every app server checks a token another one issued. Made here from strong random bits.
CREATE TABLE portal_form_key (
  id smallint PRIMARY KEY CHECK (id = 1),
  secret text NOT NULL CHECK (length(secret) >= 64)
);
INSERT INTO portal_form_key (id, secret) VALUES (1, replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));
CREATE TRIGGER portal_form_key_fixed BEFORE UPDATE OR DELETE OR TRUNCATE ON portal_form_key
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT ON portal_form_key TO zhifa_app;

-- S-04: a 投诉, 举报 or 意见建议 about an enforcement body. The complainant's data is stored
-- for the supervisor only; the portal shows a complaint's status and dates, nothing else.
CREATE FUNCTION complaint_phone_valid(p_phone text) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT AS $$
  -- a mainland mobile number, or a landline with its area code (0871-6123456, 010-12345678, extension allowed)
  SELECT p_phone ~ '^1[3-9][0-9]{9}$' OR p_phone ~ '^0[1-9][0-9]{1,2}-?[2-9][0-9]{6,7}(-[0-9]{1,6})?$'
$$;

CREATE SEQUENCE complaint_receipt_seq;
GRANT USAGE ON SEQUENCE complaint_receipt_seq TO zhifa_app;

CREATE TABLE complaint (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- 受理编号, printed on the receipt
  receipt_no text NOT NULL UNIQUE
    DEFAULT 'TS' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY') || lpad(nextval('complaint_receipt_seq')::text, 6, '0'),
  query_code text NOT NULL DEFAULT query_code_new()
    CONSTRAINT complaint_query_code_key UNIQUE
    CONSTRAINT complaint_query_code_valid CHECK (query_code_valid(query_code)),
  agency_id uuid NOT NULL REFERENCES org_node(id),
  kind text NOT NULL CHECK (kind IN ('投诉', '举报', '意见建议')),
  content text NOT NULL CHECK (length(btrim(content)) BETWEEN 10 AND 2000),
  cert_no text CHECK (cert_no ~ '^[A-Za-z0-9-]{6,30}$'),
  -- what the complainant gave: a case's query code or its number; case_id when it named a case of this agency
  case_ref text CHECK (length(case_ref) BETWEEN 1 AND 40),
  case_id uuid REFERENCES enforcement_case(id),
  anonymous boolean NOT NULL,
  complainant_name text CHECK (length(btrim(complainant_name)) BETWEEN 1 AND 50),
  phone text CHECK (complaint_phone_valid(phone)),
  email text CHECK (length(email) <= 100 AND email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
  channel text NOT NULL DEFAULT 'portal' CHECK (channel IN ('portal', '12345')),
  -- the signed form's nonce: a form is taken once
  form_nonce text UNIQUE CHECK (length(form_nonce) BETWEEN 16 AND 64),
  received_at timestamptz NOT NULL DEFAULT now(),
  CHECK (anonymous OR (complainant_name IS NOT NULL AND phone IS NOT NULL)),
  CHECK (NOT anonymous OR (complainant_name IS NULL AND phone IS NULL AND email IS NULL)),
  CHECK (NOT (anonymous AND kind = '投诉'))
);
CREATE INDEX complaint_agency ON complaint (agency_id, received_at DESC);
CREATE TRIGGER complaint_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON complaint
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON complaint TO zhifa_app;

-- The same rules as the CHECKs above, with the Chinese message the API shows.
CREATE FUNCTION complaint_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM org_node o WHERE o.id = NEW.agency_id AND o.kind = 'agency') THEN
    RAISE EXCEPTION '被投诉机关须为行政执法机关' USING ERRCODE = 'check_violation', HINT = 'COMPLAINT_AGENCY';
  END IF;
  IF NEW.anonymous AND NEW.kind = '投诉' THEN
    RAISE EXCEPTION '投诉须留下姓名和联系电话，只有举报和意见建议可以匿名' USING ERRCODE = 'check_violation', HINT = 'COMPLAINT_CONTACT';
  END IF;
  IF NOT NEW.anonymous AND (NEW.complainant_name IS NULL OR NEW.phone IS NULL) THEN
    RAISE EXCEPTION '实名提交须填写姓名和联系电话' USING ERRCODE = 'check_violation', HINT = 'COMPLAINT_CONTACT';
  END IF;
  IF NEW.case_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM enforcement_case c WHERE c.id = NEW.case_id AND c.agency_id = NEW.agency_id) THEN
    RAISE EXCEPTION '关联的案件不属于被投诉机关' USING ERRCODE = 'check_violation', HINT = 'COMPLAINT_CASE';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER complaint_legal BEFORE INSERT ON complaint FOR EACH ROW EXECUTE FUNCTION complaint_check();

-- S-04: what happens to a complaint, append-only: 收到 (written with the complaint), then
-- 转办 to an agency, 受理, 不予受理 with its reason, 办结 with its result. The status is the
-- latest action (view complaint_state), never a field edited in place.
CREATE TABLE complaint_action (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  n bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  complaint_id uuid NOT NULL REFERENCES complaint(id),
  type text NOT NULL CHECK (type IN ('收到', '转办', '受理', '不予受理', '办结')),
  to_agency_id uuid REFERENCES org_node(id),
  reason text CHECK (length(btrim(reason)) BETWEEN 2 AND 1000),
  result text CHECK (length(btrim(result)) BETWEEN 2 AND 2000),
  acted_by uuid REFERENCES app_user(id),
  acted_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((type = '转办') = (to_agency_id IS NOT NULL)),
  CHECK (type <> '不予受理' OR reason IS NOT NULL),
  CHECK (type <> '办结' OR result IS NOT NULL),
  CHECK ((type = '收到') = (acted_by IS NULL))
);
CREATE INDEX complaint_action_complaint ON complaint_action (complaint_id, n);
CREATE TRIGGER complaint_action_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON complaint_action
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON complaint_action TO zhifa_app;

/**
 * S-04: the order of a complaint's actions and who may record them. 转办, 受理 and 不予受理
 * follow 收到 or a 转办; 办结 follows 受理; nothing follows 不予受理 or 办结. A supervisor
 * records them within the data scope (F-05) that holds the complained-about agency; 受理 and
 * 办结 may also be recorded by a head of the agency the complaint was forwarded to.
 */
CREATE FUNCTION complaint_action_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last_type text;
  holder uuid;
  agency_path text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('complaint:' || NEW.complaint_id::text));
  SELECT a.type INTO last_type FROM complaint_action a WHERE a.complaint_id = NEW.complaint_id ORDER BY a.n DESC LIMIT 1;
  IF NEW.type = '收到' THEN
    IF last_type IS NOT NULL THEN
      RAISE EXCEPTION '该投诉举报已登记收到' USING ERRCODE = 'check_violation', HINT = 'COMPLAINT_ORDER';
    END IF;
    RETURN NEW;
  END IF;
  IF last_type IN ('不予受理', '办结') THEN
    RAISE EXCEPTION '该投诉举报已%，不能再办理', last_type USING ERRCODE = 'check_violation', HINT = 'COMPLAINT_CLOSED';
  END IF;
  IF NEW.type IN ('转办', '受理', '不予受理') AND last_type NOT IN ('收到', '转办') THEN
    RAISE EXCEPTION '该投诉举报已受理，不能再%', NEW.type USING ERRCODE = 'check_violation', HINT = 'COMPLAINT_ORDER';
  END IF;
  IF NEW.type = '办结' AND last_type IS DISTINCT FROM '受理' THEN
    RAISE EXCEPTION '投诉举报须先受理才能办结' USING ERRCODE = 'check_violation', HINT = 'COMPLAINT_ORDER';
  END IF;
  IF NEW.type = '转办' AND NOT EXISTS (SELECT 1 FROM org_node o WHERE o.id = NEW.to_agency_id AND o.kind = 'agency') THEN
    RAISE EXCEPTION '只能转办给行政执法机关' USING ERRCODE = 'check_violation', HINT = 'COMPLAINT_AGENCY';
  END IF;
  SELECT o.path INTO agency_path FROM complaint c JOIN org_node o ON o.id = c.agency_id WHERE c.id = NEW.complaint_id;
  IF EXISTS (SELECT 1 FROM app_user u JOIN org_node s ON s.id = u.scope_org_id
              WHERE u.id = NEW.acted_by AND 'supervisor' = ANY (u.roles) AND starts_with(agency_path, s.path)) THEN
    RETURN NEW;
  END IF;
  IF NEW.type IN ('受理', '办结') THEN
    SELECT a.to_agency_id INTO holder FROM complaint_action a
     WHERE a.complaint_id = NEW.complaint_id AND a.type = '转办' ORDER BY a.n DESC LIMIT 1;
    IF holder IS NOT NULL AND is_head_for(NEW.acted_by, holder) THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION '只有数据范围内的司法行政机关监督人员（或受转办机关的负责人受理、办结）可以办理该投诉举报'
    USING ERRCODE = 'check_violation', HINT = 'COMPLAINT_ACTOR';
END $$;
CREATE TRIGGER complaint_action_legal BEFORE INSERT ON complaint_action FOR EACH ROW EXECUTE FUNCTION complaint_action_check();

-- 收到 is written in the same transaction as the complaint.
CREATE FUNCTION complaint_received() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO complaint_action (complaint_id, type, acted_at) VALUES (NEW.id, '收到', NEW.received_at);
  RETURN NULL;
END $$;
CREATE TRIGGER complaint_received AFTER INSERT ON complaint FOR EACH ROW EXECUTE FUNCTION complaint_received();

-- The derived status of each complaint: its latest action, and the agency holding it now.
CREATE VIEW complaint_state AS
  SELECT c.id AS complaint_id,
         l.type AS status,
         l.acted_at AS status_at,
         coalesce((SELECT a.to_agency_id FROM complaint_action a WHERE a.complaint_id = c.id AND a.type = '转办'
                    ORDER BY a.n DESC LIMIT 1), c.agency_id) AS holder_id
    FROM complaint c
    CROSS JOIN LATERAL (SELECT a.type, a.acted_at FROM complaint_action a WHERE a.complaint_id = c.id ORDER BY a.n DESC LIMIT 1) l;
GRANT SELECT ON complaint_state TO zhifa_app;
