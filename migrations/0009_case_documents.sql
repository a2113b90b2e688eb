-- Case documents (R-05, P-06, D-04): templates as filed, documents generated from case data in
-- versions, their PDF and DOCX with SHA-256, signatures (or a witnessed refusal), and the
-- method of 送达 (处罚法61, 民诉法87–95). Everything here is append-only: a correction or a
-- signature is a new version of the same document, the old one stays.

-- R-05: the 文号 kinds of the further templates (字 in the number).
INSERT INTO document_number_kind (kind, name, mark) VALUES
  ('evidence_preservation', '先行登记保存通知书', '保'),
  ('legal_review_opinion', '法制审核意见书', '审'),
  ('license_acceptance', '行政许可受理通知书', '受'),
  ('license_rejection', '行政许可不予受理通知书', '不受'),
  ('license_correction', '行政许可补正通知书', '补'),
  ('license_refusal', '不予行政许可决定书', '不许');

/**
 * R-05 (s000 §2(二)2): each template version as filed with the 司法局. The definition is the
 * template's data exactly as src/domains/cases/documents/templates.ts holds it, with its
 * hash, so every document names the filed version it was made from.
 * P-06: a template of a served document states 执法事由, 执法依据 and 权利义务.
 */
CREATE TABLE document_template (
  kind text NOT NULL CHECK (kind ~ '^[a-z][a-z_]{1,39}$'),
  version integer NOT NULL CHECK (version >= 1),
  name text NOT NULL CHECK (length(name) BETWEEN 2 AND 40),
  statute text NOT NULL CHECK (length(statute) BETWEEN 2 AND 200),
  number_kind text REFERENCES document_number_kind(kind),
  served boolean NOT NULL,
  case_kinds text[] NOT NULL CHECK (cardinality(case_kinds) > 0),
  action_types text[] NOT NULL,
  covers text[] NOT NULL,
  definition jsonb NOT NULL CHECK (jsonb_typeof(definition) = 'object'),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  filed_with text NOT NULL CHECK (length(filed_with) BETWEEN 2 AND 100),
  filed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, version),
  CONSTRAINT document_template_p06 CHECK (NOT served OR covers @> ARRAY['执法事由', '执法依据', '权利义务'])
);
CREATE TRIGGER document_template_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON document_template
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON document_template TO zhifa_app;

/** R-05: a template belongs to existing case kinds and action types of those kinds. */
CREATE FUNCTION document_template_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE unknown text;
BEGIN
  SELECT k INTO unknown FROM unnest(NEW.case_kinds) k WHERE NOT EXISTS (SELECT 1 FROM case_kind c WHERE c.code = k) LIMIT 1;
  IF unknown IS NOT NULL THEN
    RAISE EXCEPTION '文书模板所属案件种类不存在：%', unknown USING ERRCODE = 'check_violation';
  END IF;
  SELECT a INTO unknown FROM unnest(NEW.action_types) a
   WHERE NOT EXISTS (SELECT 1 FROM case_action_type t WHERE t.code = a AND t.kind = ANY (NEW.case_kinds)) LIMIT 1;
  IF unknown IS NOT NULL THEN
    RAISE EXCEPTION '文书模板所属执法环节不存在：%', unknown USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.version > 1 AND NOT EXISTS (SELECT 1 FROM document_template t WHERE t.kind = NEW.kind AND t.version = NEW.version - 1) THEN
    RAISE EXCEPTION '文书模板版本须逐版备案' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER document_template_check BEFORE INSERT ON document_template
  FOR EACH ROW EXECUTE FUNCTION document_template_check();

-- D-04: one document of a case; its content lives in versions. A numbered kind carries the
-- 文号 issued for exactly this document (document_number.document_id), kept by every version.
CREATE TABLE case_document (
  id uuid PRIMARY KEY,
  n bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  case_id uuid NOT NULL REFERENCES enforcement_case(id),
  kind text NOT NULL CHECK (kind ~ '^[a-z][a-z_]{1,39}$'),
  number_id bigint UNIQUE REFERENCES document_number(id),
  number_text text,
  created_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((number_id IS NULL) = (number_text IS NULL))
);
CREATE INDEX case_document_case ON case_document (case_id, n);
CREATE TRIGGER case_document_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON case_document
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON case_document TO zhifa_app;

/** R-05: a numbered kind has its own 文号 of the case's agency and the template's 文号 kind. */
CREATE FUNCTION case_document_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  wanted text;
  filed boolean;
  num document_number;
BEGIN
  SELECT true, t.number_kind INTO filed, wanted FROM document_template t WHERE t.kind = NEW.kind ORDER BY t.version DESC LIMIT 1;
  IF filed IS NULL THEN
    RAISE EXCEPTION '文书模板尚未备案：%', NEW.kind USING ERRCODE = 'check_violation', HINT = 'TEMPLATE_NOT_FILED';
  END IF;
  IF wanted IS NULL AND NEW.number_id IS NOT NULL THEN
    RAISE EXCEPTION '该类文书不编文号' USING ERRCODE = 'check_violation', HINT = 'DOCUMENT_NUMBER';
  END IF;
  IF wanted IS NOT NULL THEN
    SELECT * INTO num FROM document_number WHERE id = NEW.number_id;
    IF num.id IS NULL OR num.kind <> wanted OR num.text <> NEW.number_text OR num.document_id IS DISTINCT FROM NEW.id
       OR num.agency_id <> (SELECT agency_id FROM enforcement_case WHERE id = NEW.case_id) THEN
      RAISE EXCEPTION '文书须使用为其编发的本机关文号' USING ERRCODE = 'check_violation', HINT = 'DOCUMENT_NUMBER';
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER case_document_check BEFORE INSERT ON case_document FOR EACH ROW EXECUTE FUNCTION case_document_check();

-- D-04 / R-05: each version: the template version it was made from, the fields it was filled
-- with, and why it replaced the one before (a correction, a signature).
CREATE TABLE case_document_version (
  document_id uuid NOT NULL REFERENCES case_document(id),
  version integer NOT NULL CHECK (version >= 1),
  template_kind text NOT NULL,
  template_version integer NOT NULL,
  fields jsonb NOT NULL CHECK (jsonb_typeof(fields) = 'object'),
  -- create: the first version; correct: new content; sign: the same content with a signature more
  change text NOT NULL CHECK (change IN ('create', 'correct', 'sign')),
  reason text CHECK (length(reason) BETWEEN 1 AND 500),
  created_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (document_id, version),
  FOREIGN KEY (template_kind, template_version) REFERENCES document_template(kind, version),
  CHECK ((version = 1) = (change = 'create')),
  CHECK (version = 1 OR reason IS NOT NULL)
);
CREATE TRIGGER case_document_version_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON case_document_version
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON case_document_version TO zhifa_app;

/** R-05: versions follow each other by one, of the document's own kind. */
CREATE FUNCTION case_document_version_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE last integer;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('case_document:' || NEW.document_id::text));
  IF NEW.template_kind <> (SELECT kind FROM case_document WHERE id = NEW.document_id) THEN
    RAISE EXCEPTION '文书版本须使用本类文书的模板' USING ERRCODE = 'check_violation', HINT = 'DOCUMENT_VERSION';
  END IF;
  SELECT max(version) INTO last FROM case_document_version WHERE document_id = NEW.document_id;
  IF NEW.version <> coalesce(last, 0) + 1 THEN
    RAISE EXCEPTION '文书版本须逐版递增' USING ERRCODE = 'check_violation', HINT = 'DOCUMENT_VERSION';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER case_document_version_check BEFORE INSERT ON case_document_version
  FOR EACH ROW EXECUTE FUNCTION case_document_version_check();

-- R-05: the rendered files of a version; the database checks the stored hash itself.
CREATE TABLE case_document_file (
  document_id uuid NOT NULL,
  version integer NOT NULL,
  format text NOT NULL CHECK (format IN ('pdf', 'docx')),
  content bytea NOT NULL CHECK (length(content) BETWEEN 1 AND 20971520),
  sha256 text NOT NULL,
  pages integer CHECK (pages >= 1),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (document_id, version, format),
  FOREIGN KEY (document_id, version) REFERENCES case_document_version(document_id, version),
  CHECK (sha256 = encode(sha256(content), 'hex')),
  CHECK ((format = 'pdf') = (pages IS NOT NULL))
);
CREATE TRIGGER case_document_file_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON case_document_file
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON case_document_file TO zhifa_app;

-- R-05: a signature captured on screen (PNG) or a refusal to sign recorded with a witness and
-- the officer's note (民诉法89, by reference of 处罚法61). version: the first version showing it.
CREATE TABLE document_signature (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  document_id uuid NOT NULL,
  version integer NOT NULL,
  role text NOT NULL CHECK (role IN ('party', 'officer', 'witness')),
  signer_name text NOT NULL CHECK (length(signer_name) BETWEEN 1 AND 50),
  person_id uuid REFERENCES person(id),
  signed_on date NOT NULL,
  refused boolean NOT NULL DEFAULT false,
  witness_name text CHECK (length(witness_name) BETWEEN 1 AND 50),
  note text CHECK (length(note) BETWEEN 1 AND 500),
  image bytea CHECK (length(image) BETWEEN 8 AND 262144),
  image_sha256 text,
  recorded_by uuid REFERENCES app_user(id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (document_id, version) REFERENCES case_document_version(document_id, version),
  CHECK (refused = (image IS NULL)),
  CHECK (image IS NULL OR image_sha256 = encode(sha256(image), 'hex')),
  CONSTRAINT document_signature_refusal CHECK (NOT refused OR (role = 'party' AND witness_name IS NOT NULL AND note IS NOT NULL)),
  CHECK ((role = 'officer') = (person_id IS NOT NULL))
);
CREATE TRIGGER document_signature_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON document_signature
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON document_signature TO zhifa_app;

/** 处罚法42 / F-02: an officer signs only as an officer in post with a certificate valid that day. */
CREATE FUNCTION document_signature_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE problem text;
BEGIN
  IF NEW.person_id IS NOT NULL THEN
    problem := acting_officer_problem(NEW.person_id, NEW.signed_on);
    IF problem IS NOT NULL THEN
      RAISE EXCEPTION '%', problem USING ERRCODE = 'check_violation', HINT = 'SIGNER_NOT_ACTING';
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER document_signature_check BEFORE INSERT ON document_signature
  FOR EACH ROW EXECUTE FUNCTION document_signature_check();

-- 处罚法61 第二款: the party's consent to electronic service, with its 确认书.
CREATE TABLE service_consent (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES enforcement_case(id),
  channel text NOT NULL CHECK (channel IN ('电子邮件', '传真', '短信', '电子送达平台')),
  address text NOT NULL CHECK (length(address) BETWEEN 3 AND 200),
  consented_on date NOT NULL,
  confirmation text NOT NULL CHECK (length(confirmation) BETWEEN 2 AND 200),
  recorded_by uuid REFERENCES app_user(id),
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER service_consent_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON service_consent
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON service_consent TO zhifa_app;

/** 民诉法95: 公告送达 is deemed served thirty days after the notice is published. */
CREATE FUNCTION public_notice_served_on(p_published date) RETURNS date LANGUAGE sql IMMUTABLE AS $$
  SELECT p_published + 30
$$;

/**
 * 处罚法61, 民诉法87–95: a 送达 that names its method must meet that method's conditions,
 * and its servedOn (the date later periods count from) is set here, never by the caller:
 * the signing date for 直接/留置/电子, the 回执 date for 邮寄, publication + 30 days for 公告.
 * Named after case_action_legal so that it runs after the sequence checks.
 */
CREATE FUNCTION case_action_service_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  method text;
  served date;
  blank text;
  doc text;
BEGIN
  IF NEW.type NOT IN ('送达', '决定书送达') OR NOT (NEW.data ? 'method') THEN
    RETURN NEW;
  END IF;
  method := NEW.data->>'method';
  -- documents: the ids of the documents served, comma-separated
  IF coalesce(NEW.data->>'documents', '') = '' THEN
    RAISE EXCEPTION '送达须列明所送达的文书（民事诉讼法第八十七条）' USING ERRCODE = 'check_violation', HINT = 'SERVICE_DOCUMENTS';
  END IF;
  FOR doc IN SELECT unnest(string_to_array(NEW.data->>'documents', ',')) LOOP
    IF NOT EXISTS (SELECT 1 FROM case_document d WHERE d.id::text = doc AND d.case_id = NEW.case_id) THEN
      RAISE EXCEPTION '所送达的文书不属于本案' USING ERRCODE = 'check_violation', HINT = 'SERVICE_DOCUMENTS';
    END IF;
  END LOOP;
  SELECT k INTO blank FROM unnest(CASE method
      WHEN '直接送达' THEN ARRAY['recipient']
      WHEN '留置送达' THEN ARRAY['recipient', 'witness', 'refusalNote']
      WHEN '邮寄送达' THEN ARRAY['recipient', 'trackingNumber', 'receivedOn']
      WHEN '电子送达' THEN ARRAY['recipient', 'consentId']
      WHEN '公告送达' THEN ARRAY['reason']
    END) k WHERE coalesce(NEW.data->>k, '') = '' LIMIT 1;
  CASE method
    WHEN '直接送达' THEN served := NEW.acted_on;
    WHEN '留置送达' THEN served := NEW.acted_on;
    WHEN '邮寄送达' THEN
      IF blank IS NULL THEN
        BEGIN
          served := (NEW.data->>'receivedOn')::date;
        EXCEPTION WHEN others THEN
          RAISE EXCEPTION '回执收件日期无效' USING ERRCODE = 'check_violation', HINT = 'SERVICE_DATA';
        END;
        IF served < NEW.acted_on THEN
          RAISE EXCEPTION '回执收件日期不得早于邮寄日期（民事诉讼法第九十一条）' USING ERRCODE = 'check_violation', HINT = 'SERVICE_DATA';
        END IF;
      END IF;
    WHEN '电子送达' THEN
      IF blank IS NULL AND NOT EXISTS (
           SELECT 1 FROM service_consent s
            WHERE s.id::text = NEW.data->>'consentId' AND s.case_id = NEW.case_id AND s.consented_on <= NEW.acted_on) THEN
        RAISE EXCEPTION '当事人未同意并签订确认书的，不得电子送达（行政处罚法第六十一条第二款）'
          USING ERRCODE = 'check_violation', HINT = 'SERVICE_CONSENT_MISSING';
      END IF;
      served := NEW.acted_on;
    WHEN '公告送达' THEN served := public_notice_served_on(NEW.acted_on);
    ELSE
      RAISE EXCEPTION '送达方式须为直接送达、留置送达、邮寄送达、电子送达或者公告送达' USING ERRCODE = 'check_violation', HINT = 'SERVICE_METHOD';
  END CASE;
  IF blank IS NOT NULL THEN
    RAISE EXCEPTION '%须写明 %', method, blank USING ERRCODE = 'check_violation', HINT = 'SERVICE_DATA';
  END IF;
  NEW.data := NEW.data || jsonb_build_object('servedOn', to_char(served, 'YYYY-MM-DD'));
  RETURN NEW;
END $$;
CREATE TRIGGER case_action_service BEFORE INSERT ON case_action FOR EACH ROW EXECUTE FUNCTION case_action_service_check();
