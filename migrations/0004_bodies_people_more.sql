-- More rules for 执法主体 (F-01) and 执法人员/执法证 (F-02), added after 0002.

-- F-01: every publication of a body's version. record_version is append-only, so the
-- "published" mark of a version that already exists lives here; rows are never changed,
-- so every version that was ever published stays known.
CREATE TABLE body_publication (
  body_id uuid NOT NULL REFERENCES enforcement_body(id),
  version integer NOT NULL CHECK (version >= 1),
  published_at timestamptz NOT NULL DEFAULT now(),
  published_by uuid,
  PRIMARY KEY (body_id, version)
);
CREATE TRIGGER body_publication_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON body_publication
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON body_publication TO zhifa_app;

/** F-01: only a version whose whole state was kept can be published. */
CREATE FUNCTION body_publication_version_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM record_version
                  WHERE entity = 'enforcement_body' AND entity_id = NEW.body_id AND version = NEW.version) THEN
    RAISE EXCEPTION '执法主体第 % 版没有留存，不能公示', NEW.version USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER body_publication_version BEFORE INSERT ON body_publication
  FOR EACH ROW EXECUTE FUNCTION body_publication_version_kept();

/**
 * F-02: a certificate's number, holder and validity never change once issued (a new
 * period is a 换发, a new certificate that replaces it), and 注销 is final.
 */
CREATE FUNCTION certificate_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = '注销' AND NEW.status <> '注销' THEN
    RAISE EXCEPTION '执法证 % 已注销，不能恢复', OLD.cert_no USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.cert_no <> OLD.cert_no OR NEW.person_id <> OLD.person_id OR NEW.valid_from <> OLD.valid_from
     OR NEW.valid_to <> OLD.valid_to OR NEW.replaces_id IS DISTINCT FROM OLD.replaces_id THEN
    RAISE EXCEPTION '执法证的证号、持证人和有效期不得修改，期满应换发新证' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER certificate_guard BEFORE UPDATE ON certificate FOR EACH ROW EXECUTE FUNCTION certificate_guard();

-- F-02: a person's photo is a small JPEG or PNG data URL (about 200 kB decoded at most).
ALTER TABLE person ADD CONSTRAINT person_photo_data_url
  CHECK (photo IS NULL OR (photo ~ '^data:image/(jpeg|png);base64,[A-Za-z0-9+/]' AND length(photo) <= 280000));

/** F-02: a person's internal unit belongs to the person's own agency. */
CREATE FUNCTION person_unit_in_agency() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.unit_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM org_node u JOIN org_node a ON a.id = NEW.agency_id
     WHERE u.id = NEW.unit_id AND u.kind = 'unit' AND u.path LIKE a.path || '%') THEN
    RAISE EXCEPTION '所属内设机构不属于该执法主体' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER person_unit BEFORE INSERT OR UPDATE OF unit_id, agency_id ON person
  FOR EACH ROW EXECUTE FUNCTION person_unit_in_agency();
