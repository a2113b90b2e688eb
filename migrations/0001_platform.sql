-- Platform: organisation tree, users and sessions, audit (F-05, F-06), record versions.
-- Runs as zhifa_owner with search_path zhifa. The app role gets only what is granted here.

ALTER DEFAULT PRIVILEGES IN SCHEMA zhifa GRANT USAGE, SELECT ON SEQUENCES TO zhifa_app;

-- Append-only tables refuse UPDATE, DELETE and TRUNCATE for every role, the owner included.
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% 为只追加表，不得修改或删除', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END $$;

-- The organisation tree: 省 → 市/州/师 → 县/区 → 乡镇/街道 regions, with agencies
-- (执法主体, 司法局 …) at each level and internal units under agencies.
-- path is the materialised path '/<id>/<id>/…/' used for data scope (F-05).
CREATE TABLE org_node (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  parent_id uuid REFERENCES org_node(id),
  kind text NOT NULL CHECK (kind IN ('region', 'agency', 'unit')),
  level text NOT NULL CHECK (level IN ('province', 'city', 'county', 'township')),
  code text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9_-]{2,40}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 2 AND 100),
  duties text,
  path text NOT NULL UNIQUE,
  version integer NOT NULL DEFAULT 1,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((parent_id IS NULL) = (path = '/' || id::text || '/'))
);
CREATE INDEX org_node_parent ON org_node(parent_id);
CREATE INDEX org_node_path ON org_node(path text_pattern_ops);

CREATE FUNCTION org_node_check_parent() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE parent org_node;
BEGIN
  IF NEW.parent_id IS NULL THEN
    IF NEW.kind <> 'region' THEN RAISE EXCEPTION '根节点必须是行政区域' USING ERRCODE = 'check_violation'; END IF;
    RETURN NEW;
  END IF;
  SELECT * INTO parent FROM org_node WHERE id = NEW.parent_id;
  IF NEW.path <> parent.path || NEW.id::text || '/' THEN
    RAISE EXCEPTION '组织路径与上级不一致' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.kind = 'unit' AND parent.kind NOT IN ('agency', 'unit') THEN
    RAISE EXCEPTION '内设机构必须隶属于执法主体' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.kind IN ('region', 'agency') AND parent.kind <> 'region' THEN
    RAISE EXCEPTION '行政区域和执法主体必须隶属于行政区域' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER org_node_parent BEFORE INSERT OR UPDATE ON org_node FOR EACH ROW EXECUTE FUNCTION org_node_check_parent();
GRANT SELECT, INSERT, UPDATE ON org_node TO zhifa_app;

-- Every change of a versioned record (organisations, bodies, people, certificates, …)
-- keeps the whole new state here; nothing in it is ever edited.
CREATE TABLE record_version (
  id bigserial PRIMARY KEY,
  entity text NOT NULL,
  entity_id uuid NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  data jsonb NOT NULL,
  reason text,
  changed_by uuid,
  changed_at timestamptz NOT NULL DEFAULT now(),
  published boolean NOT NULL DEFAULT false,
  UNIQUE (entity, entity_id, version)
);
CREATE TRIGGER record_version_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON record_version
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON record_version TO zhifa_app;

-- Users (F-05). roles are the §0 roles; scope_org_id is the node whose subtree the user
-- sees: the own agency for everyone but supervisors and administrators.
CREATE TABLE app_user (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,39}$'),
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 50),
  password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  org_id uuid NOT NULL REFERENCES org_node(id),
  scope_org_id uuid NOT NULL REFERENCES org_node(id),
  person_id uuid,
  roles text[] NOT NULL CHECK (
    cardinality(roles) >= 1
    AND roles <@ ARRAY['officer', 'auxiliary', 'head', 'reviewer', 'disclosure', 'supervisor', 'admin']),
  locale text NOT NULL DEFAULT 'zh-CN' CHECK (locale IN ('zh-CN', 'en')),
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- only supervisory roles see beyond their own organisation
  CHECK (scope_org_id = org_id OR roles && ARRAY['supervisor', 'admin'])
);
GRANT SELECT, INSERT, UPDATE ON app_user TO zhifa_app;

-- Sessions live in the database so that any app server can serve any request.
-- id is the SHA-256 of the cookie token; the token itself is never stored.
CREATE TABLE app_session (
  id text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES app_user(id),
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ip text,
  user_agent text,
  revoked_at timestamptz
);
CREATE INDEX app_session_user ON app_session(user_id);
GRANT SELECT, INSERT, UPDATE ON app_session TO zhifa_app;

-- Audit (F-06): every write and every protected read. The app role may only SELECT and
-- INSERT; the trigger refuses changes even to the owner.
CREATE TABLE audit_event (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor_id uuid,
  actor_name text,
  ip text,
  action text NOT NULL,
  entity text,
  entity_id text,
  org_id uuid,
  reason text,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_event_entity ON audit_event(entity, entity_id);
CREATE INDEX audit_event_org_at ON audit_event(org_id, at);
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON audit_event TO zhifa_app;
