-- Access (F-05): the data scope of a non-supervisory user is their own agency, also when
-- they sit in an internal unit of it; an auxiliary is never an officer at the same time.

-- The nearest 执法主体 at or above a node; NULL for a node with no agency above it.
CREATE FUNCTION org_agency(node uuid) RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT a.id
    FROM org_node n JOIN org_node a ON a.kind = 'agency' AND starts_with(n.path, a.path)
   WHERE n.id = node
   ORDER BY length(a.path) DESC
   LIMIT 1
$$;

-- Replaces the 0001 CHECK (scope = own node unless supervisory): a user of a unit sees
-- the whole agency, which a CHECK cannot express. A narrower scope stays allowed.
ALTER TABLE app_user DROP CONSTRAINT app_user_check;

CREATE FUNCTION app_user_check_scope() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT (NEW.roles && ARRAY['supervisor', 'admin'])
     AND NEW.scope_org_id <> NEW.org_id
     AND NEW.scope_org_id IS DISTINCT FROM org_agency(NEW.org_id) THEN
    RAISE EXCEPTION '非监督类用户的数据范围只能是本人所在的执法主体' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER app_user_scope BEFORE INSERT OR UPDATE OF org_id, scope_org_id, roles ON app_user
  FOR EACH ROW EXECUTE FUNCTION app_user_check_scope();

-- F-02: 执法辅助人员 cannot sign documents or take decisions, so the role excludes those that do.
ALTER TABLE app_user ADD CONSTRAINT app_user_auxiliary_alone
  CHECK (NOT ('auxiliary' = ANY (roles) AND roles && ARRAY['officer', 'head', 'reviewer']));

-- One account per person record: the account acts as that officer on cases.
CREATE UNIQUE INDEX app_user_person ON app_user(person_id) WHERE person_id IS NOT NULL;
