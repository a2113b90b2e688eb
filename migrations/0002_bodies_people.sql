-- 执法主体 (F-01), 执法人员 and 执法证 (F-02), 法制审核人员 (F-03), configuration as data (F-07).

-- F-07: settings that the seeds say vary by locality. org_id NULL is the deployment
-- default; the nearest setting up the organisation tree wins.
CREATE TABLE setting (
  id bigserial PRIMARY KEY,
  org_id uuid REFERENCES org_node(id),
  key text NOT NULL CHECK (key ~ '^[a-z][a-zA-Z0-9.]+$'),
  value jsonb NOT NULL,
  set_by uuid,
  set_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE NULLS NOT DISTINCT (org_id, key)
);
GRANT SELECT, INSERT, UPDATE ON setting TO zhifa_app;

/** GB 32100-2015: 统一社会信用代码, 18 characters, the last a check character (mod 31). */
CREATE FUNCTION uscc_valid(code text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  alphabet constant text := '0123456789ABCDEFGHJKLMNPQRTUWXY';
  weights constant int[] := ARRAY[1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  total int := 0;
  pos int;
  check_value int;
BEGIN
  IF code IS NULL OR code !~ '^[0-9A-HJ-NPQRTUWXY]{18}$' THEN RETURN false; END IF;
  FOR i IN 1..17 LOOP
    pos := strpos(alphabet, substr(code, i, 1)) - 1;
    total := total + pos * weights[i];
  END LOOP;
  check_value := (31 - total % 31) % 31;
  RETURN substr(alphabet, check_value + 1, 1) = substr(code, 18, 1);
END $$;

-- F-01: one row per agency node that is an enforcement body. Every change bumps version
-- and keeps the whole state in record_version; published versions are marked there.
CREATE TABLE enforcement_body (
  id uuid PRIMARY KEY REFERENCES org_node(id),
  uscc text NOT NULL UNIQUE CHECK (uscc_valid(uscc)),
  body_kind text NOT NULL CHECK (body_kind IN ('行政机关', '法律法规授权组织', '受委托组织')),
  entrusting_body_id uuid REFERENCES enforcement_body(id),
  legal_basis text NOT NULL CHECK (length(legal_basis) >= 2),
  domains text[] NOT NULL CHECK (cardinality(domains) >= 1),
  address text NOT NULL,
  postcode text CHECK (postcode ~ '^\d{6}$'),
  phone text NOT NULL,
  email text,
  supervisor_name text NOT NULL,
  supervisor_contact text NOT NULL,
  reconsideration_body text NOT NULL,
  court text NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'abolished')),
  version integer NOT NULL DEFAULT 1,
  published_version integer,
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- a 受委托组织 acts in the name of its entrusting body, and only it has one
  CHECK ((body_kind = '受委托组织') = (entrusting_body_id IS NOT NULL)),
  CHECK (entrusting_body_id IS DISTINCT FROM id),
  CHECK (published_version IS NULL OR published_version <= version)
);
GRANT SELECT, INSERT, UPDATE ON enforcement_body TO zhifa_app;

-- F-02: people of an agency. kind 'auxiliary' (执法辅助人员) are recorded but never count
-- as officers; 'counsel' are 法律顾问/公职律师 of the shared review pool (F-03).
-- id_number and phone are protected personal data, never published (P-01).
CREATE TABLE person (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES org_node(id),
  unit_id uuid REFERENCES org_node(id),
  kind text NOT NULL CHECK (kind IN ('officer', 'auxiliary', 'counsel')),
  name text NOT NULL CHECK (length(name) BETWEEN 2 AND 30),
  gender text CHECK (gender IN ('男', '女')),
  id_number text CHECK (id_number ~ '^\d{17}[\dX]$'),
  phone text CHECK (phone ~ '^[0-9+-]{7,20}$'),
  post text NOT NULL,
  photo text,
  categories text[] NOT NULL DEFAULT '{}',
  areas text[] NOT NULL DEFAULT '{}',
  legal_qualification boolean NOT NULL DEFAULT false,
  legal_qualification_no text,
  training_hours numeric(6, 1) NOT NULL DEFAULT 0 CHECK (training_hours >= 0),
  status text NOT NULL DEFAULT '在岗' CHECK (status IN ('在岗', '离岗', '调离', '退休')),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (NOT legal_qualification OR legal_qualification_no IS NOT NULL)
);
CREATE INDEX person_agency ON person(agency_id);
GRANT SELECT, INSERT, UPDATE ON person TO zhifa_app;

-- F-02: 执法证. Stored status holds the deliberate acts (暂扣, 注销); 过期 and 未生效 follow
-- from the dates, see certificate_status_on(). A certificate is valid for at most 5 years.
CREATE TABLE certificate (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES person(id),
  cert_no text NOT NULL UNIQUE CHECK (cert_no ~ '^[A-Za-z0-9-]{6,30}$'),
  issuing_authority text NOT NULL,
  categories text[] NOT NULL CHECK (cardinality(categories) >= 1),
  areas text[] NOT NULL CHECK (cardinality(areas) >= 1),
  valid_from date NOT NULL,
  valid_to date NOT NULL,
  status text NOT NULL DEFAULT '有效' CHECK (status IN ('有效', '暂扣', '注销')),
  status_reason text,
  replaces_id uuid REFERENCES certificate(id),
  version integer NOT NULL DEFAULT 1,
  issued_at timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_to > valid_from),
  CHECK (valid_to <= valid_from + interval '5 years'),
  CHECK (status = '有效' OR status_reason IS NOT NULL)
);
CREATE INDEX certificate_person ON certificate(person_id);
GRANT SELECT, INSERT, UPDATE ON certificate TO zhifa_app;

CREATE FUNCTION certificate_only_for_officers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT kind FROM person WHERE id = NEW.person_id) <> 'officer' THEN
    RAISE EXCEPTION '执法证只能发给执法人员，执法辅助人员和法律顾问不持执法证' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER certificate_officer BEFORE INSERT OR UPDATE OF person_id ON certificate
  FOR EACH ROW EXECUTE FUNCTION certificate_only_for_officers();

-- 年审 (annual check) results; append-only.
CREATE TABLE certificate_annual_check (
  id bigserial PRIMARY KEY,
  certificate_id uuid NOT NULL REFERENCES certificate(id),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  passed boolean NOT NULL,
  checked_on date NOT NULL,
  note text,
  checked_by uuid,
  UNIQUE (certificate_id, year)
);
CREATE TRIGGER certificate_annual_check_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON certificate_annual_check
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON certificate_annual_check TO zhifa_app;

/** F-02 / P-05: the status of a certificate on a day: 注销, 暂扣, 未生效, 过期 or 有效. */
CREATE FUNCTION certificate_status_on(c certificate, d date) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN c.status = '注销' THEN '注销'
    WHEN c.status = '暂扣' THEN '暂扣'
    WHEN d < c.valid_from THEN '未生效'
    WHEN d > c.valid_to THEN '过期'
    ELSE '有效'
  END
$$;

/**
 * F-02 / 处罚法42, 强制法18: why a person cannot act as an enforcement officer on day d,
 * or NULL if they can: an officer (not auxiliary staff), in post, holding a valid certificate.
 */
CREATE FUNCTION acting_officer_problem(p_person uuid, d date) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN p.id IS NULL THEN '人员不存在'
    WHEN p.kind = 'auxiliary' THEN p.name || '为执法辅助人员，不能作为执法人员'
    WHEN p.kind <> 'officer' THEN p.name || '不是执法人员'
    WHEN p.status <> '在岗' THEN p.name || '不在岗（' || p.status || '）'
    WHEN NOT EXISTS (SELECT 1 FROM certificate c WHERE c.person_id = p.id AND certificate_status_on(c, d) = '有效')
      THEN p.name || '没有有效的行政执法证件'
  END
  FROM (SELECT 1) one LEFT JOIN person p ON p.id = p_person
$$;

/** 处罚法42, 强制法18: at least two acting officers, each with a valid certificate. Raises otherwise. */
CREATE FUNCTION assert_acting_officers(p_people uuid[], d date) RETURNS void LANGUAGE plpgsql STABLE AS $$
DECLARE problem text;
BEGIN
  IF (SELECT count(DISTINCT x) FROM unnest(p_people) x) < 2 THEN
    RAISE EXCEPTION '执法人员不得少于两人（行政处罚法第四十二条）' USING ERRCODE = 'check_violation';
  END IF;
  SELECT acting_officer_problem(x, d) INTO problem FROM unnest(p_people) x WHERE acting_officer_problem(x, d) IS NOT NULL LIMIT 1;
  IF problem IS NOT NULL THEN
    RAISE EXCEPTION '%', problem USING ERRCODE = 'check_violation';
  END IF;
END $$;

-- F-03: 法制审核人员. agency_id is the agency whose reviewer count they add to; shared_pool
-- reviewers (法律顾问/公职律师) may be called by any agency of the deployment.
CREATE TABLE legal_reviewer (
  person_id uuid PRIMARY KEY REFERENCES person(id),
  agency_id uuid NOT NULL REFERENCES org_node(id),
  shared_pool boolean NOT NULL DEFAULT false,
  appointed_on date NOT NULL,
  first_time boolean NOT NULL,
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1
);
GRANT SELECT, INSERT, UPDATE ON legal_reviewer TO zhifa_app;

/** 处罚法58: a person reviewing for the first time must hold 法律职业资格; auxiliary staff never review. */
CREATE FUNCTION legal_reviewer_qualified() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE p person;
BEGIN
  SELECT * INTO p FROM person WHERE id = NEW.person_id;
  IF p.kind = 'auxiliary' THEN
    RAISE EXCEPTION '执法辅助人员不能担任法制审核人员' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.first_time AND NOT p.legal_qualification THEN
    RAISE EXCEPTION '初次从事行政处罚决定法制审核的人员，应当通过国家统一法律职业资格考试取得法律职业资格（行政处罚法第五十八条）'
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER legal_reviewer_qualification BEFORE INSERT OR UPDATE ON legal_reviewer
  FOR EACH ROW EXECUTE FUNCTION legal_reviewer_qualified();
