-- Case attachments (R-07 basics), secrecy marks and clearances (R-10), 调阅 (R-11) and
-- case-file exports (R-10). Every table here is append-only: the app role may only SELECT
-- and INSERT, and refuse_change() stops UPDATE/DELETE/TRUNCATE even for the owner.

-- R-10: the three marks of 案卷 material. state-secret = 国家秘密 (保守国家秘密法),
-- trade-secret = 商业秘密, privacy = 个人隐私 (处罚法50 requires keeping both confidential).
CREATE FUNCTION secrecy_level_valid(level text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT level IN ('state-secret', 'trade-secret', 'privacy')
$$;

/**
 * R-11: a supervisor (司法行政机关监督人员) reads cases through 调阅 and never writes to one.
 * Refuses a write to case material by a user who holds the supervisor role; the trigger's
 * argument names the column that holds the writer.
 */
CREATE FUNCTION refuse_supervisor_write() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE writer uuid;
BEGIN
  writer := (to_jsonb(NEW) ->> TG_ARGV[0])::uuid;
  IF EXISTS (SELECT 1 FROM app_user u WHERE u.id = writer AND 'supervisor' = ANY (u.roles)) THEN
    RAISE EXCEPTION '监督人员调阅案卷只能查看，不得修改案件' USING ERRCODE = 'check_violation', HINT = 'SUPERVISOR_READ_ONLY';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER case_action_not_by_supervisor BEFORE INSERT ON case_action
  FOR EACH ROW EXECUTE FUNCTION refuse_supervisor_write('recorded_by');
CREATE TRIGGER case_document_not_by_supervisor BEFORE INSERT ON case_document
  FOR EACH ROW EXECUTE FUNCTION refuse_supervisor_write('created_by');
CREATE TRIGGER case_document_version_not_by_supervisor BEFORE INSERT ON case_document_version
  FOR EACH ROW EXECUTE FUNCTION refuse_supervisor_write('created_by');

-- R-07: one row per attached file (phone photo, short audio/video, scanned paper). The bytes
-- are a blob keyed by their SHA-256; SM3 is kept beside it (GB/T 32905).
CREATE TABLE case_attachment (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  n bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  case_id uuid NOT NULL REFERENCES enforcement_case(id),
  action_id uuid REFERENCES case_action(id),
  stage text CHECK (length(stage) BETWEEN 1 AND 40),
  blob_key text NOT NULL,
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  sm3 text NOT NULL CHECK (sm3 ~ '^[0-9a-f]{64}$'),
  size bigint NOT NULL CHECK (size > 0),
  media_type text NOT NULL CHECK (media_type IN
    ('image/jpeg', 'image/png', 'image/heic', 'audio/mpeg', 'audio/mp4', 'audio/wav', 'audio/ogg', 'audio/amr', 'video/mp4', 'application/pdf')),
  file_name text CHECK (length(file_name) BETWEEN 1 AND 200),
  description text CHECK (length(description) <= 500),
  captured_at timestamptz,
  device text CHECK (length(device) <= 100),
  location text CHECK (length(location) <= 200),
  secrecy text CHECK (secrecy_level_valid(secrecy)),
  uploaded_by uuid NOT NULL REFERENCES app_user(id),
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  CHECK (blob_key = sha256)
);
CREATE INDEX case_attachment_case ON case_attachment (case_id, n);
CREATE TRIGGER case_attachment_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON case_attachment
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER case_attachment_not_by_supervisor BEFORE INSERT ON case_attachment
  FOR EACH ROW EXECUTE FUNCTION refuse_supervisor_write('uploaded_by');
GRANT SELECT, INSERT ON case_attachment TO zhifa_app;

/**
 * R-07 / R-10: an attachment belongs to an action of the same case, and nothing is added to
 * a case file once it is 归档 (the after_end action closes the file for good).
 */
CREATE FUNCTION case_attachment_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.action_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM case_action a WHERE a.id = NEW.action_id AND a.case_id = NEW.case_id) THEN
    RAISE EXCEPTION '所附执法行为不属于该案件' USING ERRCODE = 'check_violation', HINT = 'ATTACHMENT_ACTION';
  END IF;
  IF EXISTS (SELECT 1 FROM case_state s WHERE s.case_id = NEW.case_id AND s.archived) THEN
    RAISE EXCEPTION '案件已归档，不得再添加材料' USING ERRCODE = 'check_violation', HINT = 'CASE_ARCHIVED';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER case_attachment_legal BEFORE INSERT ON case_attachment FOR EACH ROW EXECUTE FUNCTION case_attachment_check();

-- R-10: secrecy clearances granted (or withdrawn) by an administrator; the latest row per
-- user and level counts. 国家秘密 material opens only with an explicit clearance.
CREATE TABLE secrecy_clearance (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES app_user(id),
  level text NOT NULL CHECK (secrecy_level_valid(level)),
  granted boolean NOT NULL,
  reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 2 AND 500),
  decided_by uuid NOT NULL REFERENCES app_user(id),
  decided_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX secrecy_clearance_user ON secrecy_clearance (user_id, level, id DESC);
CREATE TRIGGER secrecy_clearance_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON secrecy_clearance
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON secrecy_clearance TO zhifa_app;

CREATE VIEW secrecy_clearance_current AS
  SELECT DISTINCT ON (user_id, level) user_id, level, granted, decided_by, decided_at
    FROM secrecy_clearance ORDER BY user_id, level, id DESC;
GRANT SELECT ON secrecy_clearance_current TO zhifa_app;

-- R-10: marks on a case, a document or an attachment; the latest row per entity counts
-- (level NULL lifts the mark). An attachment's mark given at upload is its first mark.
CREATE TABLE secrecy_mark (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES enforcement_case(id),
  entity text NOT NULL CHECK (entity IN ('case', 'document', 'attachment')),
  entity_id uuid NOT NULL,
  level text CHECK (secrecy_level_valid(level)),
  reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 2 AND 500),
  marked_by uuid NOT NULL REFERENCES app_user(id),
  marked_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CHECK (entity <> 'case' OR entity_id = case_id)
);
CREATE INDEX secrecy_mark_entity ON secrecy_mark (entity, entity_id, id DESC);
CREATE INDEX secrecy_mark_case ON secrecy_mark (case_id);
CREATE TRIGGER secrecy_mark_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON secrecy_mark
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER secrecy_mark_not_by_supervisor BEFORE INSERT ON secrecy_mark
  FOR EACH ROW EXECUTE FUNCTION refuse_supervisor_write('marked_by');
GRANT SELECT, INSERT ON secrecy_mark TO zhifa_app;

-- R-11: each 调阅 — who opened which case of which agency, why, and until when. The reason
-- is required (F-06); an access lasts at most one working day (8 hours).
CREATE TABLE record_access (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES enforcement_case(id),
  agency_id uuid NOT NULL REFERENCES org_node(id),
  user_id uuid NOT NULL REFERENCES app_user(id),
  user_name text NOT NULL,
  reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 5 AND 500),
  ip text,
  opened_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  CHECK (expires_at > opened_at AND expires_at <= opened_at + interval '8 hours')
);
CREATE INDEX record_access_agency ON record_access (agency_id, opened_at DESC);
CREATE INDEX record_access_user_case ON record_access (user_id, case_id, expires_at DESC);
CREATE TRIGGER record_access_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON record_access
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON record_access TO zhifa_app;

/**
 * R-11: only a supervisor holds a 调阅, and the access names the case's own agency, so the
 * owning agency sees every access.
 */
CREATE FUNCTION record_access_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM app_user u WHERE u.id = NEW.user_id AND 'supervisor' = ANY (u.roles)) THEN
    RAISE EXCEPTION '只有司法行政机关监督人员可以调阅案卷' USING ERRCODE = 'check_violation', HINT = 'RECORD_ACCESS_ROLE';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM enforcement_case c WHERE c.id = NEW.case_id AND c.agency_id = NEW.agency_id) THEN
    RAISE EXCEPTION '调阅记录的机关必须是案件所属机关' USING ERRCODE = 'check_violation', HINT = 'RECORD_ACCESS_AGENCY';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER record_access_legal BEFORE INSERT ON record_access FOR EACH ROW EXECUTE FUNCTION record_access_check();

-- R-11 / F-06: what was opened during an access (case, actions, document, attachment).
CREATE TABLE record_access_read (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  access_id uuid NOT NULL REFERENCES record_access(id),
  entity text NOT NULL CHECK (entity IN ('case', 'actions', 'attachments', 'attachment', 'document', 'case-file')),
  entity_id text,
  read_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX record_access_read_access ON record_access_read (access_id, id);
CREATE TRIGGER record_access_read_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON record_access_read
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON record_access_read TO zhifa_app;

/** R-11: a read is recorded only within the access's time limit. */
CREATE FUNCTION record_access_read_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM record_access a WHERE a.id = NEW.access_id AND NEW.read_at BETWEEN a.opened_at AND a.expires_at) THEN
    RAISE EXCEPTION '调阅已过期' USING ERRCODE = 'check_violation', HINT = 'RECORD_ACCESS_EXPIRED';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER record_access_read_legal BEFORE INSERT ON record_access_read FOR EACH ROW EXECUTE FUNCTION record_access_read_check();

-- R-10: each assembly of a case's 案卷: a new version every time, the PDF and the ZIP bundle
-- as blobs with their hashes, and what was withheld (国家秘密).
CREATE TABLE case_file_export (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES enforcement_case(id),
  version integer NOT NULL CHECK (version >= 1),
  pages integer NOT NULL CHECK (pages >= 1),
  pdf_sha256 text NOT NULL CHECK (pdf_sha256 ~ '^[0-9a-f]{64}$'),
  pdf_sm3 text NOT NULL CHECK (pdf_sm3 ~ '^[0-9a-f]{64}$'),
  pdf_size bigint NOT NULL CHECK (pdf_size > 0),
  zip_sha256 text NOT NULL CHECK (zip_sha256 ~ '^[0-9a-f]{64}$'),
  zip_sm3 text NOT NULL CHECK (zip_sm3 ~ '^[0-9a-f]{64}$'),
  zip_size bigint NOT NULL CHECK (zip_size > 0),
  manifest jsonb NOT NULL CHECK (jsonb_typeof(manifest) = 'object'),
  withheld jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(withheld) = 'array'),
  assembled_by uuid NOT NULL REFERENCES app_user(id),
  assembled_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (case_id, version)
);
CREATE TRIGGER case_file_export_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON case_file_export
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON case_file_export TO zhifa_app;

/** R-10: a case file is assembled once the case has ended (结案, or 归档); versions count up by one. */
CREATE FUNCTION case_file_export_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE latest integer;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM case_state s WHERE s.case_id = NEW.case_id AND s.closed) THEN
    RAISE EXCEPTION '案件尚未结案，不能组卷' USING ERRCODE = 'check_violation', HINT = 'CASE_NOT_CLOSED';
  END IF;
  SELECT max(version) INTO latest FROM case_file_export WHERE case_id = NEW.case_id;
  IF NEW.version <> coalesce(latest, 0) + 1 THEN
    RAISE EXCEPTION '案卷版本必须连续' USING ERRCODE = 'check_violation', HINT = 'CASE_FILE_VERSION';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER case_file_export_legal BEFORE INSERT ON case_file_export FOR EACH ROW EXECUTE FUNCTION case_file_export_check();
