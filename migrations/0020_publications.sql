-- 事后公开 (P-08 … P-13, P-16, P-17): publications of decisions. A recorded decision creates
-- the publication (its draft) in the same transaction (trigger below), so no decision escapes
-- disclosure. What the public sees is publication_version: append-only, each version the
-- masked text (P-10) with its status; a correction or a withdrawal is a new version, earlier
-- versions stay and are leaves of the log (R-08). Not publishing is a recorded legal ground.
-- Working-day dates (F-04) come from the application's calendar; the database checks that
-- they are plausible and that on-time / late flags agree with its own date in China.

CREATE FUNCTION china_today() RETURNS date LANGUAGE sql STABLE AS $$
  SELECT (now() AT TIME ZONE 'UTC' + interval '8 hours')::date
$$;

-- Which recorded action is a decision to publish, and its publication kind (F-07: data).
CREATE TABLE publication_source (
  case_kind text NOT NULL,
  action_type text NOT NULL,
  pub_kind text NOT NULL CHECK (pub_kind IN ('许可', '处罚', '强制', '检查', '其他')),
  PRIMARY KEY (case_kind, action_type),
  FOREIGN KEY (case_kind, action_type) REFERENCES case_action_type(kind, code)
);
GRANT SELECT ON publication_source TO zhifa_app;
INSERT INTO publication_source (case_kind, action_type, pub_kind) VALUES
  ('处罚-简易', '现场处罚决定', '处罚'),
  ('处罚-普通', '决定', '处罚'),
  ('许可', '决定', '许可'),
  ('强制-措施', '决定书送达', '强制'),
  ('强制-执行', '强制执行决定', '强制'),
  ('检查', '检查结论', '检查'),
  ('征收征用', '决定', '其他');

/** P-08 / P-13: working days from the decision to publication, per kind (F-07: data). */
CREATE TABLE publication_deadline_rule (
  pub_kind text PRIMARY KEY CHECK (pub_kind IN ('许可', '处罚', '强制', '检查', '其他')),
  working_days integer NOT NULL CHECK (working_days BETWEEN 1 AND 60),
  statute text NOT NULL
);
GRANT SELECT ON publication_deadline_rule TO zhifa_app;
INSERT INTO publication_deadline_rule VALUES
  ('许可', 7, '行政许可法第四十条；行政许可、行政处罚决定自作出之日起7个工作日内公开（双公示）'),
  ('处罚', 7, '行政处罚法第四十八条；行政许可、行政处罚决定自作出之日起7个工作日内公开（双公示）'),
  ('强制', 20, '其他行政执法决定自作出之日起20个工作日内公开'),
  ('检查', 20, '双随机抽查结果自检查结束之日起20个工作日内公开'),
  ('其他', 20, '其他行政执法决定自作出之日起20个工作日内公开');

/** P-16: 重点领域 and the names enforcement bodies use for them. */
CREATE TABLE priority_domain (
  domain text PRIMARY KEY,
  area text NOT NULL
);
GRANT SELECT ON priority_domain TO zhifa_app;
INSERT INTO priority_domain VALUES
  ('资源环境', '资源环境'), ('生态环境', '资源环境'), ('自然资源', '资源环境'),
  ('市场监管', '市场监管'), ('食品药品安全', '食品药品安全'), ('药品监管', '食品药品安全'),
  ('安全生产', '安全生产'), ('应急管理', '安全生产'), ('劳动监察', '劳动监察'), ('人力资源社会保障', '劳动监察'),
  ('城市管理', '城市管理'), ('城乡建设', '城乡建设'), ('住房城乡建设', '城乡建设'), ('交通运输', '交通运输');

/**
 * P-12 (市场监督管理行政处罚信息公示规定第二条、第十三条): publicity periods per domain ('*' the
 * default). Warning-only penalties are not published; 通报批评 and low fines end after 3 months,
 * other penalties after 3 years; non-penalty publications have no end (NULL).
 * Low fines: set by the province; the defaults are the 简易程序 limits of 处罚法51.
 */
CREATE TABLE publicity_rule (
  domain text PRIMARY KEY,
  publish_warning_only boolean NOT NULL DEFAULT false,
  short_months integer NOT NULL DEFAULT 3 CHECK (short_months BETWEEN 1 AND 120),
  long_months integer NOT NULL DEFAULT 36 CHECK (long_months BETWEEN 1 AND 120),
  low_fine_citizen_yuan numeric NOT NULL DEFAULT 200 CHECK (low_fine_citizen_yuan >= 0),
  low_fine_org_yuan numeric NOT NULL DEFAULT 3000 CHECK (low_fine_org_yuan >= 0),
  statute text NOT NULL
);
GRANT SELECT ON publicity_rule TO zhifa_app;
INSERT INTO publicity_rule (domain, statute) VALUES ('*', '市场监督管理行政处罚信息公示规定第二条、第十三条');

-- One publication per decision (or other disclosable item). public_id is the stable address
-- /publications/<public_id>. Immutable: its state is its versions.
CREATE TABLE publication (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  public_id text NOT NULL UNIQUE CHECK (public_id ~ '^GS[0-9]{8}[0-9a-f]{10}$'),
  kind text NOT NULL CHECK (kind IN ('许可', '处罚', '强制', '检查', '其他')),
  agency_id uuid NOT NULL REFERENCES org_node(id),
  domain text,
  priority boolean NOT NULL DEFAULT false,
  case_id uuid UNIQUE REFERENCES enforcement_case(id),
  source_action_id uuid UNIQUE REFERENCES case_action(id),
  decided_on date NOT NULL,
  working_days integer NOT NULL CHECK (working_days BETWEEN 1 AND 60),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((case_id IS NULL) = (source_action_id IS NULL))
);
CREATE INDEX publication_agency ON publication (agency_id, decided_on DESC);
CREATE TRIGGER publication_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON publication
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON publication TO zhifa_app;

-- P-09 / P-10 / P-11: every state a publication was in. Masked text only: the original stays
-- in the case. status: draft (saved, not public), published, corrected (a new text with a
-- visible note), withdrawn (the reason is published). spans: where masking applied, as
-- {start, end, kind, rule} of the masked text, never the original.
CREATE TABLE publication_version (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  publication_id uuid NOT NULL REFERENCES publication(id),
  version integer NOT NULL CHECK (version >= 1),
  status text NOT NULL CHECK (status IN ('draft', 'published', 'corrected', 'withdrawn')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 50000),
  fields jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(fields) = 'object'),
  spans jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(spans) = 'array'),
  legal_basis text NOT NULL CHECK (length(legal_basis) BETWEEN 2 AND 2000),
  note text CHECK (length(note) BETWEEN 1 AND 2000),
  reason text CHECK (length(reason) BETWEEN 1 AND 2000),
  withdraw_trigger text CHECK (withdraw_trigger IN ('撤销', '确认违法', '确认无效', '变更', '重新作出')),
  trigger_date date,
  withdraw_due date,
  late boolean,
  -- first publication: the publication deadline (P-08) and whether it was met
  due_on date,
  on_time boolean,
  -- P-12: the day the publicity period ends (NULL: no end)
  period_ends_on date,
  reviewed_by uuid REFERENCES app_user(id),
  created_by uuid REFERENCES app_user(id),
  created_on date NOT NULL DEFAULT china_today(),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (publication_id, version),
  CHECK (status <> 'corrected' OR note IS NOT NULL),
  CHECK ((status = 'withdrawn') = (reason IS NOT NULL AND withdraw_trigger IS NOT NULL AND trigger_date IS NOT NULL
                                  AND withdraw_due IS NOT NULL AND late IS NOT NULL)),
  CHECK ((status = 'published') = (due_on IS NOT NULL AND on_time IS NOT NULL)),
  CHECK (withdraw_due IS NULL OR withdraw_due BETWEEN trigger_date + 3 AND trigger_date + 30)
);
CREATE INDEX publication_version_pub ON publication_version (publication_id, version DESC);
CREATE TRIGGER publication_version_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON publication_version
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON publication_version TO zhifa_app;

/** P-09 / P-10: the legal grounds for not publishing (政府信息公开条例14、15; P-10 minors; P-12 warnings). */
CREATE TABLE non_publication_ground (
  code text PRIMARY KEY,
  statute text NOT NULL,
  sort integer NOT NULL UNIQUE
);
GRANT SELECT ON non_publication_ground TO zhifa_app;
INSERT INTO non_publication_ground VALUES
  ('国家秘密', '政府信息公开条例第十四条', 1),
  ('法律法规禁止公开', '政府信息公开条例第十四条', 2),
  ('危及国家安全、公共安全、经济安全、社会稳定', '政府信息公开条例第十四条', 3),
  ('商业秘密（第三方未同意公开）', '政府信息公开条例第十五条', 4),
  ('个人隐私（第三方未同意公开）', '政府信息公开条例第十五条', 5),
  ('当事人为未成年人', '行政处罚法第五十条；P-10', 6),
  ('仅受警告处罚', '市场监督管理行政处罚信息公示规定第二条第二款', 7);

CREATE TABLE non_publication (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  publication_id uuid NOT NULL UNIQUE REFERENCES publication(id),
  ground text NOT NULL REFERENCES non_publication_ground(code),
  basis text NOT NULL CHECK (length(btrim(basis)) BETWEEN 2 AND 2000),
  approved_by uuid NOT NULL REFERENCES app_user(id),
  recorded_by uuid REFERENCES app_user(id),
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER non_publication_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON non_publication
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON non_publication TO zhifa_app;

/** P-09: not publishing needs an agency head's approval, and only before anything was published. */
CREATE FUNCTION non_publication_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE pub publication;
BEGIN
  SELECT * INTO pub FROM publication WHERE id = NEW.publication_id;
  IF NOT EXISTS (SELECT 1 FROM app_user u WHERE u.id = NEW.approved_by AND 'head' = ANY (u.roles) AND org_agency(u.org_id) = pub.agency_id) THEN
    RAISE EXCEPTION '不予公开须经本机关负责人批准' USING ERRCODE = 'check_violation', HINT = 'NON_PUBLICATION_APPROVER';
  END IF;
  IF EXISTS (SELECT 1 FROM publication_version v WHERE v.publication_id = NEW.publication_id AND v.status <> 'draft') THEN
    RAISE EXCEPTION '已公开的信息不能改为不予公开，须依法撤回' USING ERRCODE = 'check_violation', HINT = 'ALREADY_PUBLISHED';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER non_publication_legal BEFORE INSERT ON non_publication FOR EACH ROW EXECUTE FUNCTION non_publication_check();

/**
 * P-09 / P-11: versions follow each other by one; draft only before publication; the first
 * public version is 'published' and says whether the deadline was met (by the database's date);
 * corrected and withdrawn only follow a public version; nothing after a withdrawal; nothing
 * public once not publishing was recorded.
 */
CREATE FUNCTION publication_version_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last publication_version;
  pub publication;
  public_before boolean;
BEGIN
  -- one writer per publication at a time (the app role may not lock rows FOR UPDATE)
  PERFORM pg_advisory_xact_lock(hashtextextended('publication:' || NEW.publication_id::text, 0));
  SELECT * INTO pub FROM publication WHERE id = NEW.publication_id;
  SELECT * INTO last FROM publication_version WHERE publication_id = NEW.publication_id ORDER BY version DESC LIMIT 1;
  IF NEW.version <> coalesce(last.version, 0) + 1 THEN
    RAISE EXCEPTION '公示版本须连续（应为 %）', coalesce(last.version, 0) + 1 USING ERRCODE = 'check_violation', HINT = 'PUBLICATION_ORDER';
  END IF;
  IF NEW.created_on <> china_today() THEN
    RAISE EXCEPTION '公示版本的日期须为当日' USING ERRCODE = 'check_violation', HINT = 'PUBLICATION_DATE';
  END IF;
  public_before := EXISTS (SELECT 1 FROM publication_version WHERE publication_id = NEW.publication_id AND status <> 'draft');
  IF NEW.status IN ('draft', 'published') AND EXISTS (SELECT 1 FROM non_publication WHERE publication_id = NEW.publication_id) THEN
    RAISE EXCEPTION '已依法决定不予公开' USING ERRCODE = 'check_violation', HINT = 'NOT_TO_BE_PUBLISHED';
  END IF;
  IF last.status = 'withdrawn' THEN
    RAISE EXCEPTION '公示信息已撤回，不能再变更' USING ERRCODE = 'check_violation', HINT = 'PUBLICATION_WITHDRAWN';
  END IF;
  IF NEW.status IN ('draft', 'published') AND public_before THEN
    RAISE EXCEPTION '已公开的信息只能更正或撤回，不得重新发布' USING ERRCODE = 'check_violation', HINT = 'ALREADY_PUBLISHED';
  END IF;
  IF NEW.status IN ('corrected', 'withdrawn') AND NOT public_before THEN
    RAISE EXCEPTION '尚未公开的信息不能更正或撤回' USING ERRCODE = 'check_violation', HINT = 'NOT_PUBLISHED';
  END IF;
  IF NEW.status = 'published' THEN
    -- F-04 dates come from the application; at least the statutory number of days after the decision
    IF NEW.due_on NOT BETWEEN pub.decided_on + pub.working_days AND pub.decided_on + pub.working_days * 3 + 15 THEN
      RAISE EXCEPTION '公开期限届满日不合理' USING ERRCODE = 'check_violation', HINT = 'PUBLICATION_DUE';
    END IF;
    IF NEW.on_time <> (NEW.created_on <= NEW.due_on) THEN
      RAISE EXCEPTION '按期公开标记与日期不符' USING ERRCODE = 'check_violation', HINT = 'PUBLICATION_DUE';
    END IF;
  END IF;
  IF NEW.status = 'withdrawn' THEN
    IF NEW.trigger_date > NEW.created_on OR NEW.trigger_date < pub.decided_on THEN
      RAISE EXCEPTION '撤回事由发生日期须在决定日之后、不晚于今天' USING ERRCODE = 'check_violation', HINT = 'WITHDRAWAL_DATE';
    END IF;
    IF NEW.late <> (NEW.created_on > NEW.withdraw_due) THEN
      RAISE EXCEPTION '逾期撤回标记与日期不符' USING ERRCODE = 'check_violation', HINT = 'WITHDRAWAL_DUE';
    END IF;
  END IF;
  IF NEW.status <> 'published' AND NEW.due_on IS NOT NULL THEN
    RAISE EXCEPTION '仅首次公开记录公开期限' USING ERRCODE = 'check_violation', HINT = 'PUBLICATION_DUE';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER publication_version_legal BEFORE INSERT ON publication_version FOR EACH ROW EXECUTE FUNCTION publication_version_check();

/**
 * P-09: a recorded decision creates its publication (the draft) in the same transaction.
 * A correction of the decision (supersedes) keeps the publication the case already has.
 */
CREATE FUNCTION case_action_publication() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  src publication_source;
  rule publication_deadline_rule;
  body_domains text[];
  new_id uuid := gen_random_uuid();
BEGIN
  SELECT * INTO src FROM publication_source WHERE case_kind = NEW.kind AND action_type = NEW.type;
  IF src.pub_kind IS NULL THEN
    RETURN NULL;
  END IF;
  SELECT * INTO rule FROM publication_deadline_rule WHERE pub_kind = src.pub_kind;
  SELECT b.domains INTO body_domains FROM enforcement_case c JOIN enforcement_body b ON b.id = c.agency_id WHERE c.id = NEW.case_id;
  INSERT INTO publication (id, public_id, kind, agency_id, domain, priority, case_id, source_action_id, decided_on, working_days)
  SELECT new_id, 'GS' || to_char(NEW.acted_on, 'YYYYMMDD') || substr(md5(new_id::text), 1, 10), src.pub_kind, c.agency_id,
         body_domains[1], coalesce(body_domains && ARRAY(SELECT domain FROM priority_domain), false),
         NEW.case_id, NEW.id, NEW.acted_on, rule.working_days
    FROM enforcement_case c WHERE c.id = NEW.case_id
  ON CONFLICT (case_id) DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER case_action_publication AFTER INSERT ON case_action FOR EACH ROW EXECUTE FUNCTION case_action_publication();

-- R-08: every version and every decision not to publish is a leaf of the log.
CREATE TRIGGER publication_version_ledger AFTER INSERT ON publication_version FOR EACH ROW EXECUTE FUNCTION ledger_record_row();
CREATE TRIGGER non_publication_ledger AFTER INSERT ON non_publication FOR EACH ROW EXECUTE FUNCTION ledger_record_row();
