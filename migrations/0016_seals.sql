-- R-09 电子签章: each agency's SM2 seal key (public part here, published; the private key is a
-- file under <dataDir>/keys/seals/, never in the database), and the detached seal signatures
-- over document PDFs, case bundles and their manifests, append-only and entered in the R-08 log.
-- R-08 / R-10: retention expiry as its own recorded event (and leaf); nothing is deleted by hand.

-- R-09: an agency's seal key. One current key per agency (valid_to NULL); a key is retired by
-- setting valid_to once, and nothing else about a key ever changes.
CREATE TABLE seal_key (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES org_node(id),
  algorithm text NOT NULL DEFAULT 'sm2' CHECK (algorithm = 'sm2'),
  public_key_pem text NOT NULL CHECK (public_key_pem ~ '^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+-----END PUBLIC KEY-----\n$'),
  -- SM3 of the SubjectPublicKeyInfo DER, hex (= openssl pkey -pubin -outform DER | openssl dgst -sm3)
  fingerprint text NOT NULL UNIQUE CHECK (fingerprint ~ '^[0-9a-f]{64}$'),
  valid_from timestamptz NOT NULL DEFAULT now(),
  valid_to timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_to IS NULL OR valid_to > valid_from)
);
CREATE UNIQUE INDEX seal_key_current ON seal_key (agency_id) WHERE valid_to IS NULL;
GRANT SELECT, INSERT ON seal_key TO zhifa_app;
GRANT UPDATE (valid_to) ON seal_key TO zhifa_app;

/** R-09: seals belong to agencies (执法主体); a key is only ever retired (valid_to set once). */
CREATE FUNCTION seal_key_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NOT EXISTS (SELECT 1 FROM org_node WHERE id = NEW.agency_id AND kind = 'agency') THEN
      RAISE EXCEPTION '印章密钥只属于执法主体（机关）' USING ERRCODE = 'check_violation', HINT = 'SEAL_AGENCY';
    END IF;
    RETURN NEW;
  END IF;
  IF OLD.valid_to IS NOT NULL OR NEW.valid_to IS NULL
     OR (to_jsonb(NEW) - 'valid_to') IS DISTINCT FROM (to_jsonb(OLD) - 'valid_to') THEN
    RAISE EXCEPTION '印章密钥只能停用一次，其余不得修改' USING ERRCODE = 'insufficient_privilege', HINT = 'SEAL_KEY_IMMUTABLE';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER seal_key_guard BEFORE INSERT OR UPDATE ON seal_key FOR EACH ROW EXECUTE FUNCTION seal_key_guard();
CREATE TRIGGER seal_key_no_delete BEFORE DELETE OR TRUNCATE ON seal_key FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- R-09: a detached SM2 signature (DER) by the agency's key over the message
--   "zhifa-seal/v1\n<subject_kind>\n<subject_ref>\nsha256 <hex>\nsm3 <hex>\n"
-- (src/domains/seals/seal.ts sealMessage), so openssl verifies it against the published key.
CREATE TABLE seal_signature (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  key_id uuid NOT NULL REFERENCES seal_key(id),
  agency_id uuid NOT NULL REFERENCES org_node(id),
  subject_kind text NOT NULL CHECK (subject_kind IN ('document_version', 'case_file_zip', 'case_file_pdf', 'case_file_manifest')),
  subject_ref text NOT NULL CHECK (length(subject_ref) BETWEEN 1 AND 200),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  sm3 text NOT NULL CHECK (sm3 ~ '^[0-9a-f]{64}$'),
  signature bytea NOT NULL CHECK (length(signature) BETWEEN 8 AND 80),
  signed_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (subject_kind, subject_ref, sha256, key_id)
);
CREATE INDEX seal_signature_subject ON seal_signature (subject_kind, subject_ref);
CREATE TRIGGER seal_signature_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON seal_signature
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON seal_signature TO zhifa_app;

/** R-09: a seal is made with the agency's own key while that key is valid. */
CREATE FUNCTION seal_signature_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE k seal_key;
BEGIN
  SELECT * INTO k FROM seal_key WHERE id = NEW.key_id;
  IF k.agency_id <> NEW.agency_id THEN
    RAISE EXCEPTION '只能以本机关的印章密钥签章' USING ERRCODE = 'check_violation', HINT = 'SEAL_KEY_AGENCY';
  END IF;
  IF NEW.signed_at < k.valid_from OR (k.valid_to IS NOT NULL AND NEW.signed_at >= k.valid_to) THEN
    RAISE EXCEPTION '印章密钥不在有效期内' USING ERRCODE = 'check_violation', HINT = 'SEAL_KEY_EXPIRED';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER seal_signature_check BEFORE INSERT ON seal_signature FOR EACH ROW EXECUTE FUNCTION seal_signature_check();
-- R-08: every seal is a leaf of the log (when it was made, by which key, over which digest).
CREATE TRIGGER seal_signature_ledger AFTER INSERT ON seal_signature FOR EACH ROW EXECUTE FUNCTION ledger_record_row();

-- R-08 / R-10: the end of a record's retention period is an event of its own, recorded and logged;
-- the record itself stays (attachments, documents and actions refuse DELETE by their triggers).
CREATE TABLE retention_event (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES enforcement_case(id),
  subject_kind text NOT NULL CHECK (subject_kind IN ('case', 'case_attachment', 'case_document')),
  subject_id uuid NOT NULL,
  event text NOT NULL CHECK (event = 'expired'),
  retention_until date NOT NULL,
  basis text NOT NULL CHECK (length(btrim(basis)) BETWEEN 2 AND 500),
  recorded_by uuid NOT NULL REFERENCES app_user(id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (subject_kind, subject_id, event)
);
CREATE TRIGGER retention_event_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON retention_event
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON retention_event TO zhifa_app;

/** R-10: an expiry names a record of the case, and only once its retention date has passed (China date). */
CREATE FUNCTION retention_event_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT (CASE NEW.subject_kind
      WHEN 'case' THEN NEW.subject_id = NEW.case_id
      WHEN 'case_attachment' THEN EXISTS (SELECT 1 FROM case_attachment WHERE id = NEW.subject_id AND case_id = NEW.case_id)
      ELSE EXISTS (SELECT 1 FROM case_document WHERE id = NEW.subject_id AND case_id = NEW.case_id) END) THEN
    RAISE EXCEPTION '到期事件须指向本案的记录' USING ERRCODE = 'check_violation', HINT = 'RETENTION_SUBJECT';
  END IF;
  IF NEW.retention_until >= ((NEW.recorded_at AT TIME ZONE 'UTC') + interval '8 hours')::date THEN
    RAISE EXCEPTION '保管期限尚未届满' USING ERRCODE = 'check_violation', HINT = 'RETENTION_NOT_DUE';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER retention_event_check BEFORE INSERT ON retention_event FOR EACH ROW EXECUTE FUNCTION retention_event_check();
CREATE TRIGGER retention_event_ledger AFTER INSERT ON retention_event FOR EACH ROW EXECUTE FUNCTION ledger_record_row();
