-- 事前公开 of an agency beyond its registry entry (P-01, I-01): 救济渠道 with the
-- reconsideration body's and the court's addresses and the time limits, 监督方式 (office,
-- address, postcode, phone, e-mail, procedure) and the 随机抽查事项清单; and the 岗位信息公示牌
-- of its service windows (P-07). Every state is a whole new version; nothing is edited in
-- place. A version's rows (its 抽查事项, a board's staff, items and sample texts) can only be
-- written in the transaction that wrote the version, so a version once committed never changes.

/** P-01: a phone number as an agency publishes it: 0871-1234567, 0878-3123456-801, 12345, 400-123-4567, a mobile. */
CREATE FUNCTION notice_phone_valid(p text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT p ~ '^(0[0-9]{2,3}-?[0-9]{7,8}(-[0-9]{1,6})?|1[3-9][0-9]{9}|12[0-9]{3}|400-?[0-9]{3}-?[0-9]{4})$'
$$;

/** The row was written by the transaction now running (its version row too, in the triggers below). */
CREATE FUNCTION written_in_this_transaction(row_xmin xid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT row_xmin = pg_current_xact_id()::xid
$$;

/**
 * P-01: the 救济渠道 and 监督方式 of an agency, one row per version. The time limits are the
 * general ones unless a law provides otherwise, which the version then names (period_basis):
 * 行政复议法第二十条 60 days at least; 行政诉讼法第四十六条 6 months from knowing of the act,
 * 第四十五条 15 days after the reconsideration decision.
 */
CREATE TABLE agency_notice (
  agency_id uuid NOT NULL REFERENCES enforcement_body(id),
  version integer NOT NULL CHECK (version >= 1),
  reconsideration_body text NOT NULL CHECK (length(reconsideration_body) BETWEEN 2 AND 100),
  reconsideration_address text NOT NULL CHECK (length(reconsideration_address) BETWEEN 2 AND 200),
  reconsideration_phone text CHECK (notice_phone_valid(reconsideration_phone)),
  reconsideration_days integer NOT NULL DEFAULT 60 CHECK (reconsideration_days BETWEEN 60 AND 730),
  court text NOT NULL CHECK (length(court) BETWEEN 2 AND 100),
  court_address text NOT NULL CHECK (length(court_address) BETWEEN 2 AND 200),
  litigation_months integer NOT NULL DEFAULT 6 CHECK (litigation_months BETWEEN 1 AND 60),
  after_reconsideration_days integer NOT NULL DEFAULT 15 CHECK (after_reconsideration_days BETWEEN 1 AND 365),
  period_basis text CHECK (length(period_basis) BETWEEN 4 AND 500),
  supervision_office text NOT NULL CHECK (length(supervision_office) BETWEEN 2 AND 100),
  supervision_address text NOT NULL CHECK (length(supervision_address) BETWEEN 2 AND 200),
  supervision_postcode text NOT NULL CHECK (supervision_postcode ~ '^[0-9]{6}$'),
  supervision_phone text NOT NULL CHECK (notice_phone_valid(supervision_phone)),
  supervision_email text NOT NULL CHECK (supervision_email ~ '^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$' AND length(supervision_email) <= 100),
  supervision_procedure text NOT NULL CHECK (length(supervision_procedure) BETWEEN 10 AND 2000),
  reason text NOT NULL CHECK (length(reason) BETWEEN 2 AND 500),
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (agency_id, version),
  CONSTRAINT agency_notice_period_basis CHECK (
    (reconsideration_days = 60 AND litigation_months = 6 AND after_reconsideration_days = 15) OR period_basis IS NOT NULL)
);
CREATE TRIGGER agency_notice_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON agency_notice
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON agency_notice TO zhifa_app;

/** P-01: versions follow one another without a gap. */
CREATE FUNCTION agency_notice_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE latest integer;
BEGIN
  SELECT max(version) INTO latest FROM agency_notice WHERE agency_id = NEW.agency_id;
  IF NEW.version <> coalesce(latest, 0) + 1 THEN
    RAISE EXCEPTION '公示信息版本须逐版递增：应为第 % 版', coalesce(latest, 0) + 1 USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER agency_notice_check BEFORE INSERT ON agency_notice FOR EACH ROW EXECUTE FUNCTION agency_notice_check();

/** P-01 / I-01: the 随机抽查事项清单 of a version: 依据, 主体, 对象, 内容, 方式, 比例, 频次. */
CREATE TABLE random_inspection_item (
  agency_id uuid NOT NULL,
  version integer NOT NULL,
  seq integer NOT NULL CHECK (seq BETWEEN 1 AND 500),
  name text NOT NULL CHECK (length(name) BETWEEN 2 AND 100),
  basis text NOT NULL CHECK (length(basis) BETWEEN 2 AND 1000),
  inspector text NOT NULL CHECK (length(inspector) BETWEEN 2 AND 200),
  targets text NOT NULL CHECK (length(targets) BETWEEN 2 AND 500),
  content text NOT NULL CHECK (length(content) BETWEEN 2 AND 1000),
  method text NOT NULL CHECK (length(method) BETWEEN 2 AND 200),
  ratio numeric(5, 2) NOT NULL CHECK (ratio > 0 AND ratio <= 100),
  frequency_times integer NOT NULL CHECK (frequency_times BETWEEN 1 AND 12),
  frequency_period text NOT NULL CHECK (frequency_period IN ('年', '半年', '季度', '月')),
  PRIMARY KEY (agency_id, version, seq),
  FOREIGN KEY (agency_id, version) REFERENCES agency_notice(agency_id, version)
);
CREATE TRIGGER random_inspection_item_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON random_inspection_item
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON random_inspection_item TO zhifa_app;

CREATE FUNCTION random_inspection_item_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM agency_notice n WHERE n.agency_id = NEW.agency_id AND n.version = NEW.version
                    AND written_in_this_transaction(n.xmin)) THEN
    RAISE EXCEPTION '随机抽查事项只能随新版本一并填报，已保存的版本不得修改' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER random_inspection_item_check BEFORE INSERT ON random_inspection_item
  FOR EACH ROW EXECUTE FUNCTION random_inspection_item_check();

/** P-01: every publication of a version; the portal shows the latest published version. */
CREATE TABLE agency_notice_publication (
  agency_id uuid NOT NULL,
  version integer NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now(),
  published_by uuid,
  PRIMARY KEY (agency_id, version),
  FOREIGN KEY (agency_id, version) REFERENCES agency_notice(agency_id, version)
);
CREATE TRIGGER agency_notice_publication_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON agency_notice_publication
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON agency_notice_publication TO zhifa_app;

/** P-01: a publication only moves forward: an older version than the one published is never put back. */
CREATE FUNCTION agency_notice_publication_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE latest integer;
BEGIN
  SELECT max(version) INTO latest FROM agency_notice_publication WHERE agency_id = NEW.agency_id;
  IF latest IS NOT NULL AND NEW.version <= latest THEN
    RAISE EXCEPTION '已公示第 % 版，不能公示更早的第 % 版', latest, NEW.version USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER agency_notice_publication_check BEFORE INSERT ON agency_notice_publication
  FOR EACH ROW EXECUTE FUNCTION agency_notice_publication_check();

/** P-01: what the portal shows: per agency the latest published version. */
CREATE VIEW agency_notice_published AS
  SELECT DISTINCT ON (p.agency_id) n.*, p.published_at
    FROM agency_notice_publication p JOIN agency_notice n USING (agency_id, version)
   ORDER BY p.agency_id, p.version DESC;
GRANT SELECT ON agency_notice_published TO zhifa_app;

/** P-07: a service window (服务窗口) of an agency; its 公示牌 is its latest version. */
CREATE TABLE service_window (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES enforcement_body(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX service_window_agency ON service_window(agency_id);
CREATE TRIGGER service_window_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON service_window
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON service_window TO zhifa_app;

/**
 * P-07: one state of a window's 岗位信息公示牌: name, place, hours, its duties and the 咨询
 * phone of the window (never a staff member's own phone). active = false takes the board down.
 */
CREATE TABLE service_window_version (
  window_id uuid NOT NULL REFERENCES service_window(id),
  version integer NOT NULL CHECK (version >= 1),
  name text NOT NULL CHECK (length(name) BETWEEN 2 AND 60),
  location text NOT NULL CHECK (length(location) BETWEEN 2 AND 200),
  hours text NOT NULL CHECK (length(hours) BETWEEN 2 AND 200),
  duties text NOT NULL CHECK (length(duties) BETWEEN 2 AND 1000),
  consult_phone text NOT NULL CHECK (notice_phone_valid(consult_phone)),
  active boolean NOT NULL DEFAULT true,
  reason text NOT NULL CHECK (length(reason) BETWEEN 2 AND 500),
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (window_id, version)
);
CREATE TRIGGER service_window_version_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON service_window_version
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON service_window_version TO zhifa_app;

CREATE FUNCTION service_window_version_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE latest integer;
BEGIN
  SELECT max(version) INTO latest FROM service_window_version WHERE window_id = NEW.window_id;
  IF NEW.version <> coalesce(latest, 0) + 1 THEN
    RAISE EXCEPTION '公示牌版本须逐版递增：应为第 % 版', coalesce(latest, 0) + 1 USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER service_window_version_check BEFORE INSERT ON service_window_version
  FOR EACH ROW EXECUTE FUNCTION service_window_version_check();

/** P-07: the rows of a board version are written with the version, never later. */
CREATE FUNCTION service_window_part_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM service_window_version v WHERE v.window_id = NEW.window_id AND v.version = NEW.version
                    AND written_in_this_transaction(v.xmin)) THEN
    RAISE EXCEPTION '公示牌内容只能随新版本一并填报，已保存的版本不得修改' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;

/** P-07: staff on the board: a person of the window's own agency, in post, with the post and duties at this window. */
CREATE TABLE service_window_staff (
  window_id uuid NOT NULL,
  version integer NOT NULL,
  seq integer NOT NULL CHECK (seq BETWEEN 1 AND 50),
  person_id uuid NOT NULL REFERENCES person(id),
  post text NOT NULL CHECK (length(post) BETWEEN 2 AND 50),
  duties text NOT NULL CHECK (length(duties) BETWEEN 2 AND 500),
  PRIMARY KEY (window_id, version, seq),
  UNIQUE (window_id, version, person_id),
  FOREIGN KEY (window_id, version) REFERENCES service_window_version(window_id, version)
);
CREATE TRIGGER service_window_staff_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON service_window_staff
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER service_window_staff_part BEFORE INSERT ON service_window_staff
  FOR EACH ROW EXECUTE FUNCTION service_window_part_check();
GRANT SELECT, INSERT ON service_window_staff TO zhifa_app;

CREATE FUNCTION service_window_staff_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE p person;
BEGIN
  SELECT * INTO p FROM person WHERE id = NEW.person_id;
  IF p.agency_id <> (SELECT agency_id FROM service_window WHERE id = NEW.window_id) THEN
    RAISE EXCEPTION '%不是本机关的工作人员，不能列入公示牌', p.name USING ERRCODE = 'check_violation';
  END IF;
  IF p.status <> '在岗' THEN
    RAISE EXCEPTION '%不在岗（%），不能列入公示牌', p.name, p.status USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER service_window_staff_check BEFORE INSERT ON service_window_staff
  FOR EACH ROW EXECUTE FUNCTION service_window_staff_check();

/** P-07: the service items handled at the window (from the 行政执法事项清单 where it lists them). */
CREATE TABLE service_window_item (
  window_id uuid NOT NULL,
  version integer NOT NULL,
  seq integer NOT NULL CHECK (seq BETWEEN 1 AND 200),
  name text NOT NULL CHECK (length(name) BETWEEN 2 AND 100),
  enforcement_item_id uuid REFERENCES enforcement_item(id),
  PRIMARY KEY (window_id, version, seq),
  FOREIGN KEY (window_id, version) REFERENCES service_window_version(window_id, version)
);
CREATE TRIGGER service_window_item_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON service_window_item
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER service_window_item_part BEFORE INSERT ON service_window_item
  FOR EACH ROW EXECUTE FUNCTION service_window_part_check();
GRANT SELECT, INSERT ON service_window_item TO zhifa_app;

/** P-07 / P-02: a listed item is one of the window's own agency, with a published (approved) version in use. */
CREATE FUNCTION service_window_item_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.enforcement_item_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM enforcement_item i JOIN service_window w ON w.agency_id = i.agency_id
     WHERE i.id = NEW.enforcement_item_id AND w.id = NEW.window_id
       AND EXISTS (SELECT 1 FROM enforcement_item_published p WHERE p.item_id = i.id AND p.status = '在用')) THEN
    RAISE EXCEPTION '服务事项“%”不是本机关已公布的行政执法事项', NEW.name USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER service_window_item_check BEFORE INSERT ON service_window_item
  FOR EACH ROW EXECUTE FUNCTION service_window_item_check();

/** P-07: 申请材料示范文本: a title and a link (an address on this site or an http(s) URL). */
CREATE TABLE service_window_sample (
  window_id uuid NOT NULL,
  version integer NOT NULL,
  seq integer NOT NULL CHECK (seq BETWEEN 1 AND 100),
  title text NOT NULL CHECK (length(title) BETWEEN 2 AND 100),
  url text NOT NULL CHECK (url ~ '^(https?://[A-Za-z0-9.-]+(:[0-9]+)?)?/[^[:space:]<>"]*$' AND length(url) <= 520),
  PRIMARY KEY (window_id, version, seq),
  FOREIGN KEY (window_id, version) REFERENCES service_window_version(window_id, version)
);
CREATE TRIGGER service_window_sample_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON service_window_sample
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER service_window_sample_part BEFORE INSERT ON service_window_sample
  FOR EACH ROW EXECUTE FUNCTION service_window_part_check();
GRANT SELECT, INSERT ON service_window_sample TO zhifa_app;
