-- D-01 裁量基准 as versioned data (处罚法34: 基准 are published), D-02 the recommendation
-- recorded on a case (append-only, with the version used), D-05 hearing thresholds as data.

CREATE TABLE discretion_standard (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES org_node(id),
  code text NOT NULL CHECK (code ~ '^[A-Za-z0-9-]{1,40}$'),
  domain text NOT NULL CHECK (length(domain) BETWEEN 1 AND 40),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  UNIQUE (agency_id, code)
);
GRANT SELECT, INSERT ON discretion_standard TO zhifa_app;

-- D-01: a version is a draft until published; a published version is never changed.
CREATE TABLE discretion_version (
  standard_id uuid NOT NULL REFERENCES discretion_standard(id),
  version integer NOT NULL CHECK (version > 0),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  effective_from date,
  effective_to date,
  published_at timestamptz,
  PRIMARY KEY (standard_id, version),
  CHECK (effective_to IS NULL OR effective_from IS NULL OR effective_to >= effective_from),
  CHECK ((status = 'published') = (published_at IS NOT NULL AND effective_from IS NOT NULL))
);
GRANT SELECT, INSERT, UPDATE ON discretion_version TO zhifa_app;

/** D-01 违法行为 of a version: legal basis, required evidence kinds (D-05), 处罚法33 lists. */
CREATE TABLE discretion_violation (
  standard_id uuid NOT NULL,
  version integer NOT NULL,
  code text NOT NULL CHECK (length(code) BETWEEN 1 AND 40),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  violation_basis text NOT NULL,
  penalty_basis text NOT NULL,
  article_text text NOT NULL DEFAULT '',
  required_evidence text[] NOT NULL DEFAULT '{}',
  first_violation_exempt boolean NOT NULL DEFAULT false,
  minor_exempt boolean NOT NULL DEFAULT false,
  PRIMARY KEY (standard_id, version, code),
  FOREIGN KEY (standard_id, version) REFERENCES discretion_version(standard_id, version)
);
GRANT SELECT, INSERT ON discretion_violation TO zhifa_app;

/** D-01 tiers: enum, conditions as data, ordered fine ranges (amount or multiple of 违法所得). */
CREATE TABLE discretion_tier (
  standard_id uuid NOT NULL,
  version integer NOT NULL,
  violation_code text NOT NULL,
  tier text NOT NULL CHECK (tier IN ('不予处罚', '减轻', '从轻', '一般', '从重')),
  conditions jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(conditions) = 'array'),
  min_amount numeric(14,2) CHECK (min_amount >= 0),
  max_amount numeric(14,2) CHECK (max_amount >= 0),
  min_multiple numeric(8,2) CHECK (min_multiple >= 0),
  max_multiple numeric(8,2) CHECK (max_multiple >= 0),
  other_penalties text[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (standard_id, version, violation_code, tier),
  FOREIGN KEY (standard_id, version, violation_code) REFERENCES discretion_violation(standard_id, version, code),
  CHECK (min_amount IS NULL OR max_amount IS NULL OR min_amount <= max_amount),
  CHECK (min_multiple IS NULL OR max_multiple IS NULL OR min_multiple <= max_multiple),
  CHECK (tier <> '不予处罚' OR (coalesce(max_amount, 0) = 0 AND coalesce(max_multiple, 0) = 0))
);
GRANT SELECT, INSERT ON discretion_tier TO zhifa_app;

/** D-01 / 处罚法34: a published version is never edited; only draft -> published is allowed. */
CREATE FUNCTION discretion_version_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.status = 'published' THEN
    RAISE EXCEPTION '已公布的裁量基准版本不得修改，请另立新版本'
      USING ERRCODE = 'check_violation', HINT = 'DISCRETION_PUBLISHED_IMMUTABLE';
  END IF;
  IF NEW.standard_id <> OLD.standard_id OR NEW.version <> OLD.version THEN
    RAISE EXCEPTION '裁量基准版本号不得修改'
      USING ERRCODE = 'check_violation', HINT = 'DISCRETION_PUBLISHED_IMMUTABLE';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER discretion_version_guard BEFORE UPDATE OR DELETE ON discretion_version
  FOR EACH ROW EXECUTE FUNCTION discretion_version_guard();

/** D-01: rows of a published version cannot be added (nor changed: INSERT-only grants + refuse_change). */
CREATE FUNCTION discretion_content_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM discretion_version v WHERE v.standard_id = NEW.standard_id
               AND v.version = NEW.version AND v.status = 'published') THEN
    RAISE EXCEPTION '已公布的裁量基准版本不得修改，请另立新版本'
      USING ERRCODE = 'check_violation', HINT = 'DISCRETION_PUBLISHED_IMMUTABLE';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER discretion_violation_guard BEFORE INSERT ON discretion_violation
  FOR EACH ROW EXECUTE FUNCTION discretion_content_guard();
CREATE TRIGGER discretion_tier_guard BEFORE INSERT ON discretion_tier
  FOR EACH ROW EXECUTE FUNCTION discretion_content_guard();
CREATE TRIGGER discretion_violation_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON discretion_violation
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER discretion_tier_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON discretion_tier
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

/** D-02: the recommendation recorded on a case, keeping the 基准 version used; append-only. */
CREATE TABLE case_discretion (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES enforcement_case(id),
  standard_id uuid NOT NULL,
  version integer NOT NULL,
  violation_code text NOT NULL,
  answers jsonb NOT NULL CHECK (jsonb_typeof(answers) = 'object'),
  tier text NOT NULL CHECK (tier IN ('不予处罚', '减轻', '从轻', '一般', '从重')),
  range_min numeric(14,2),
  range_max numeric(14,2),
  reason text NOT NULL,
  proposed_amount numeric(14,2) CHECK (proposed_amount >= 0),
  out_of_range boolean NOT NULL,
  recorded_by uuid REFERENCES app_user(id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (standard_id, version, violation_code) REFERENCES discretion_violation(standard_id, version, code),
  CHECK (range_min IS NULL OR range_max IS NULL OR range_min <= range_max)
);
CREATE INDEX case_discretion_case ON case_discretion (case_id, recorded_at);
CREATE TRIGGER case_discretion_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON case_discretion
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON case_discretion TO zhifa_app;

/**
 * D-05: 较大数额 hearing thresholds (处罚法63) per domain and locality, as data. The 公安 row is
 * an example: 公安机关办理行政案件程序规定 Art. 123 (个人 2000 元, 单位 10000 元) as given for this
 * example; local rules may set other amounts (locality '*' = everywhere).
 */
CREATE TABLE hearing_threshold (
  domain text NOT NULL,
  locality text NOT NULL DEFAULT '*',
  citizen_amount numeric(14,2) NOT NULL CHECK (citizen_amount > 0),
  organisation_amount numeric(14,2) NOT NULL CHECK (organisation_amount > 0),
  basis text NOT NULL,
  PRIMARY KEY (domain, locality)
);
GRANT SELECT, INSERT ON hearing_threshold TO zhifa_app;
INSERT INTO hearing_threshold (domain, locality, citizen_amount, organisation_amount, basis) VALUES
  ('公安', '*', 2000, 10000, '公安机关办理行政案件程序规定第一百二十三条'),
  ('市场监管', '*', 10000, 100000, '市场监督管理行政处罚听证办法第五条（省级规定另有规定的从其规定）');
