-- 事前公开: 行政执法事项清单 (P-02) with its 服务指南 (P-03), per agency. An item is a stable
-- row (项目编码 unique per agency); its content lives in append-only versions; a version is a
-- draft until the agency's 法制机构 (its users holding the reviewer role) approves it
-- (s001 "经本机关法制机构审核后予以公示"). Review events are append-only too, so the state of a
-- version is derived from them and nothing is ever edited in place.

-- P-02 / P-04: the item types of the catalogue and the case kinds whose stage model draws
-- each type's 执法流程图.
CREATE TABLE enforcement_item_type (
  type text PRIMARY KEY,
  sort integer NOT NULL UNIQUE
);
GRANT SELECT ON enforcement_item_type TO zhifa_app;
INSERT INTO enforcement_item_type (type, sort) VALUES
  ('行政许可', 1), ('行政处罚', 2), ('行政强制', 3), ('行政检查', 4), ('行政征收征用', 5), ('行政收费', 6), ('其他', 7);

CREATE TABLE enforcement_item_type_kind (
  type text NOT NULL REFERENCES enforcement_item_type(type),
  case_kind text NOT NULL REFERENCES case_kind(code),
  PRIMARY KEY (type, case_kind)
);
GRANT SELECT ON enforcement_item_type_kind TO zhifa_app;
INSERT INTO enforcement_item_type_kind (type, case_kind) VALUES
  ('行政许可', '许可'),
  ('行政处罚', '处罚-普通'), ('行政处罚', '处罚-简易'),
  ('行政强制', '强制-措施'), ('行政强制', '强制-执行'),
  ('行政检查', '检查'),
  ('行政征收征用', '征收征用'),
  ('行政收费', '收费');

-- P-02: one row per item per agency; never changed, never deleted (its versions carry the content).
CREATE TABLE enforcement_item (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES org_node(id),
  code text NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$'),
  created_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (agency_id, code)
);
CREATE INDEX enforcement_item_agency ON enforcement_item (agency_id);
CREATE TRIGGER enforcement_item_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON enforcement_item
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON enforcement_item TO zhifa_app;

/** P-02: an item belongs to a 执法主体 (an agency node), not to a region or an internal unit. */
CREATE FUNCTION enforcement_item_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM org_node WHERE id = NEW.agency_id AND kind = 'agency') THEN
    RAISE EXCEPTION '行政执法事项清单由执法主体编制，所选机构不是执法主体'
      USING ERRCODE = 'check_violation', HINT = 'ITEM_AGENCY';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER enforcement_item_check BEFORE INSERT ON enforcement_item
  FOR EACH ROW EXECUTE FUNCTION enforcement_item_check();

/**
 * P-02: 执法依据 at article level: a non-empty array of {law, article}, each naming the law and
 * the article (第…条, optionally with 款/项 or 之一 after it). An entry without an article is refused.
 */
CREATE FUNCTION item_basis_valid(basis jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_typeof(basis) = 'array' AND jsonb_array_length(basis) BETWEEN 1 AND 50
     AND NOT EXISTS (
       SELECT 1 FROM jsonb_array_elements(basis) e
        WHERE jsonb_typeof(e) <> 'object'
           OR jsonb_typeof(e -> 'law') IS DISTINCT FROM 'string'
           OR jsonb_typeof(e -> 'article') IS DISTINCT FROM 'string'
           OR length(btrim(e ->> 'law')) NOT BETWEEN 2 AND 100
           OR (e ->> 'article') !~ '^第[〇零一二两三四五六七八九十百千0-9]+条')
$$;

-- P-02 / P-03: the content of one version. The 服务指南 (guide) is part of the version and is
-- reviewed with it; 事项名称, 依据 and 办理时限 of the guide are the version's own.
CREATE TABLE enforcement_item_version (
  item_id uuid NOT NULL REFERENCES enforcement_item(id),
  version integer NOT NULL CHECK (version >= 1),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 2 AND 200),
  type text NOT NULL REFERENCES enforcement_item_type(type),
  body_id uuid NOT NULL REFERENCES org_node(id),
  unit_id uuid NOT NULL REFERENCES org_node(id),
  basis jsonb NOT NULL CONSTRAINT enforcement_item_version_basis CHECK (item_basis_valid(basis)),
  time_limit integer NOT NULL CHECK (time_limit BETWEEN 1 AND 3650),
  time_limit_unit text NOT NULL CHECK (time_limit_unit IN ('工作日', '自然日')),
  status text NOT NULL DEFAULT '在用' CHECK (status IN ('在用', '已取消')),
  guide jsonb CHECK (guide IS NULL OR jsonb_typeof(guide) = 'object'),
  note text CHECK (note IS NULL OR length(note) <= 1000),
  drafted_by uuid NOT NULL REFERENCES app_user(id),
  drafted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (item_id, version)
);
CREATE TRIGGER enforcement_item_version_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON enforcement_item_version
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON enforcement_item_version TO zhifa_app;

-- P-02: the review of a version by the agency's 法制机构: submitted, then approved or returned.
-- Append-only; the state of a version is its latest event.
CREATE TABLE enforcement_item_review (
  id bigserial PRIMARY KEY,
  item_id uuid NOT NULL,
  version integer NOT NULL,
  event text NOT NULL CHECK (event IN ('submitted', 'approved', 'returned')),
  actor_id uuid NOT NULL REFERENCES app_user(id),
  comment text CHECK (comment IS NULL OR length(comment) <= 2000),
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  FOREIGN KEY (item_id, version) REFERENCES enforcement_item_version(item_id, version),
  CHECK (event <> 'returned' OR length(btrim(coalesce(comment, ''))) >= 2)
);
CREATE INDEX enforcement_item_review_version ON enforcement_item_review (item_id, version, id);
-- P-02: a version is approved at most once
CREATE UNIQUE INDEX enforcement_item_review_approved ON enforcement_item_review (item_id, version) WHERE event = 'approved';
CREATE TRIGGER enforcement_item_review_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON enforcement_item_review
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON enforcement_item_review TO zhifa_app;

/** P-02: the latest review event of a version (NULL: a draft never submitted). */
CREATE FUNCTION item_version_state(item uuid, ver integer) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT event FROM enforcement_item_review WHERE item_id = item AND version = ver ORDER BY id DESC LIMIT 1
$$;

/**
 * P-02: versions are numbered 1, 2, … without gaps; the 执法主体 is the agency or an agency it
 * stands for, the 承办机构 an internal unit of the agency; no new version while the latest one
 * waits for the 法制机构's review.
 */
CREATE FUNCTION enforcement_item_version_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  item enforcement_item;
  agency org_node;
  latest integer;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('enforcement_item:' || NEW.item_id::text));
  SELECT * INTO item FROM enforcement_item WHERE id = NEW.item_id;
  SELECT * INTO agency FROM org_node WHERE id = item.agency_id;
  SELECT max(version) INTO latest FROM enforcement_item_version WHERE item_id = NEW.item_id;
  IF NEW.version <> coalesce(latest, 0) + 1 THEN
    RAISE EXCEPTION '事项版本号应为 %', coalesce(latest, 0) + 1 USING ERRCODE = 'check_violation', HINT = 'ITEM_VERSION_ORDER';
  END IF;
  IF latest IS NOT NULL AND item_version_state(NEW.item_id, latest) = 'submitted' THEN
    RAISE EXCEPTION '第 % 版正在法制审核中，审核完成或退回前不能起草新版本', latest
      USING ERRCODE = 'check_violation', HINT = 'ITEM_UNDER_REVIEW';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM org_node WHERE id = NEW.body_id AND kind = 'agency') THEN
    RAISE EXCEPTION '执法主体应为执法机关' USING ERRCODE = 'check_violation', HINT = 'ITEM_BODY';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM org_node WHERE id = NEW.unit_id AND kind = 'unit' AND starts_with(path, agency.path)) THEN
    RAISE EXCEPTION '承办机构应为本机关的内设机构' USING ERRCODE = 'check_violation', HINT = 'ITEM_UNIT';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER enforcement_item_version_check BEFORE INSERT ON enforcement_item_version
  FOR EACH ROW EXECUTE FUNCTION enforcement_item_version_check();

/**
 * P-02 (s001 "经本机关法制机构审核后予以公示"): a version is submitted once, as the item's latest
 * version; only a submitted version is approved or returned, and only by the agency's 法制机构:
 * an active user of that agency holding the reviewer role, who is not the one who drafted it.
 * A 行政许可 item is not approved without its 服务指南 (P-03).
 */
CREATE FUNCTION enforcement_item_review_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  item enforcement_item;
  v enforcement_item_version;
  actor app_user;
  latest integer;
  state text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('enforcement_item:' || NEW.item_id::text));
  SELECT * INTO item FROM enforcement_item WHERE id = NEW.item_id;
  SELECT * INTO v FROM enforcement_item_version WHERE item_id = NEW.item_id AND version = NEW.version;
  SELECT max(version) INTO latest FROM enforcement_item_version WHERE item_id = NEW.item_id;
  state := item_version_state(NEW.item_id, NEW.version);
  IF NEW.event = 'submitted' THEN
    IF NEW.version <> latest THEN
      RAISE EXCEPTION '只能提交事项的最新版本（第 % 版）', latest USING ERRCODE = 'check_violation', HINT = 'ITEM_NOT_LATEST';
    END IF;
    IF state IS NOT NULL THEN
      RAISE EXCEPTION '第 % 版已提交过审核；退回后请起草新版本', NEW.version USING ERRCODE = 'check_violation', HINT = 'ITEM_ALREADY_SUBMITTED';
    END IF;
    RETURN NEW;
  END IF;
  IF state IS DISTINCT FROM 'submitted' THEN
    RAISE EXCEPTION '第 % 版不在待审核状态', NEW.version USING ERRCODE = 'check_violation', HINT = 'ITEM_NOT_SUBMITTED';
  END IF;
  SELECT * INTO actor FROM app_user WHERE id = NEW.actor_id;
  IF NOT (actor.active AND 'reviewer' = ANY (actor.roles) AND org_agency(actor.org_id) = item.agency_id) THEN
    RAISE EXCEPTION '事项清单须经本机关法制机构审核：审核人应为本机关的法制审核人员'
      USING ERRCODE = 'check_violation', HINT = 'ITEM_REVIEWER';
  END IF;
  IF NEW.actor_id = v.drafted_by THEN
    RAISE EXCEPTION '起草人不得审核自己起草的版本' USING ERRCODE = 'check_violation', HINT = 'ITEM_SELF_REVIEW';
  END IF;
  IF NEW.event = 'approved' AND v.type = '行政许可' AND v.guide IS NULL THEN
    RAISE EXCEPTION '行政许可事项应附服务指南后方可审核通过' USING ERRCODE = 'check_violation', HINT = 'ITEM_GUIDE_REQUIRED';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER enforcement_item_review_check BEFORE INSERT ON enforcement_item_review
  FOR EACH ROW EXECUTE FUNCTION enforcement_item_review_check();

-- P-02: what is published: per item, its newest approved version. An older approved version
-- stays readable in the history; a draft or a returned version is never in this view.
CREATE VIEW enforcement_item_published AS
  SELECT DISTINCT ON (v.item_id) v.*, r.at AS approved_at, r.actor_id AS approved_by
    FROM enforcement_item_version v
    JOIN enforcement_item_review r ON r.item_id = v.item_id AND r.version = v.version AND r.event = 'approved'
   ORDER BY v.item_id, v.version DESC;
GRANT SELECT ON enforcement_item_published TO zhifa_app;
