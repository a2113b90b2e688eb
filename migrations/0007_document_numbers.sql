-- R-05: 文号 (document numbers) such as 楚市监罚〔2026〕12号, consecutive per agency, document
-- kind and year, from 1, without a gap or a duplicate.
--
-- A 文号 is 机关代字 (the agency's prefix, document_number_prefix) + the kind's 字
-- (document_number_kind.mark) + 〔year〕 + number + 号. Both are data (F-07): a deployment
-- adds kinds and sets each agency's prefix without a code change.
--
-- Allocation is issue_document_number(): it increments the counter row with
-- INSERT … ON CONFLICT DO UPDATE, which locks that row until the transaction ends, and
-- appends the issued number in the same transaction. A rolled-back transaction therefore
-- takes its increment with it, and the triggers below make any other way of writing these
-- tables that would leave a gap or a duplicate fail.

-- Document kinds that carry a 文号, with the one character (字) each puts in it.
CREATE TABLE document_number_kind (
  kind text PRIMARY KEY CHECK (kind ~ '^[a-z][a-z_]{1,39}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 2 AND 40),
  mark text NOT NULL CHECK (mark ~ '^\S{1,4}$' AND mark !~ '[〔〕0-9号]')
);
GRANT SELECT ON document_number_kind TO zhifa_app;
INSERT INTO document_number_kind (kind, name, mark) VALUES
  ('penalty_decision', '行政处罚决定书', '罚'),
  ('penalty_notice', '行政处罚事先告知书', '告'),
  ('hearing_notice', '听证通知书', '听'),
  ('seizure_decision', '查封扣押决定书', '强'),
  ('coercion_demand', '催告书', '催'),
  ('license_decision', '行政许可决定书', '许');

-- 机关代字 of an agency, e.g. 楚市监 for 楚雄市市场监督管理局. Unique, so that two agencies
-- can never produce the same 文号 text.
CREATE TABLE document_number_prefix (
  agency_id uuid PRIMARY KEY REFERENCES org_node(id),
  prefix text NOT NULL UNIQUE CHECK (prefix ~ '^\S{1,12}$' AND prefix !~ '[〔〕0-9]'),
  set_by uuid,
  set_at timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT, INSERT, UPDATE ON document_number_prefix TO zhifa_app;

-- The last number issued per agency, kind and year.
CREATE TABLE document_number_counter (
  agency_id uuid NOT NULL REFERENCES org_node(id),
  kind text NOT NULL REFERENCES document_number_kind(kind),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2200),
  last_number integer NOT NULL CHECK (last_number >= 1),
  PRIMARY KEY (agency_id, kind, year)
);
GRANT SELECT, INSERT, UPDATE ON document_number_counter TO zhifa_app;

-- Every number issued; nothing in it is ever edited or deleted.
CREATE TABLE document_number (
  id bigserial PRIMARY KEY,
  agency_id uuid NOT NULL REFERENCES org_node(id),
  kind text NOT NULL REFERENCES document_number_kind(kind),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2200),
  number integer NOT NULL CHECK (number >= 1),
  text text NOT NULL UNIQUE,
  document_id uuid UNIQUE,
  issued_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (agency_id, kind, year, number)
);
CREATE TRIGGER document_number_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON document_number
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON document_number TO zhifa_app;

/** R-05: a counter starts at 1, moves up by exactly one, and is never removed. */
CREATE FUNCTION document_number_counter_step() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION '文号计数不得删除' USING ERRCODE = 'insufficient_privilege';
  ELSIF TG_OP = 'INSERT' AND NEW.last_number <> 1 THEN
    RAISE EXCEPTION '文号须从1号起编' USING ERRCODE = 'check_violation';
  ELSIF TG_OP = 'UPDATE' AND ((NEW.agency_id, NEW.kind, NEW.year) IS DISTINCT FROM (OLD.agency_id, OLD.kind, OLD.year)
                               OR NEW.last_number <> OLD.last_number + 1) THEN
    RAISE EXCEPTION '文号须逐号连续编发' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER document_number_counter_step BEFORE INSERT OR UPDATE OR DELETE ON document_number_counter
  FOR EACH ROW EXECUTE FUNCTION document_number_counter_step();

/** R-05: an issued number is the counter's current value (no skipping ahead, no reuse). */
CREATE FUNCTION document_number_matches_counter() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM document_number_counter c
                 WHERE (c.agency_id, c.kind, c.year, c.last_number) = (NEW.agency_id, NEW.kind, NEW.year, NEW.number)) THEN
    RAISE EXCEPTION '文号 % 不是该机关该类文书本年度的下一个号', NEW.text USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER document_number_matches_counter BEFORE INSERT ON document_number
  FOR EACH ROW EXECUTE FUNCTION document_number_matches_counter();

/** R-05: at commit, every counted number has been issued (a counter step alone leaves no gap). */
CREATE FUNCTION document_number_counter_issued() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM document_number d
                 WHERE (d.agency_id, d.kind, d.year, d.number) = (NEW.agency_id, NEW.kind, NEW.year, NEW.last_number)) THEN
    RAISE EXCEPTION '文号计数 % 未对应已编发的文号', NEW.last_number USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER document_number_counter_issued AFTER INSERT OR UPDATE ON document_number_counter
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION document_number_counter_issued();

/**
 * R-05: issues the next 文号 of an agency, kind and year inside the caller's transaction.
 * The counter row stays locked until that transaction ends, so concurrent callers queue
 * and each gets the next number; a rollback returns the number.
 */
CREATE FUNCTION issue_document_number(p_agency uuid, p_kind text, p_year integer, p_document uuid DEFAULT NULL)
RETURNS document_number LANGUAGE plpgsql AS $$
DECLARE
  v_prefix text;
  v_mark text;
  v_number integer;
  v_row document_number;
BEGIN
  SELECT prefix INTO v_prefix FROM document_number_prefix WHERE agency_id = p_agency;
  IF v_prefix IS NULL THEN
    RAISE EXCEPTION '该机关尚未设置文号机关代字' USING ERRCODE = 'check_violation';
  END IF;
  SELECT mark INTO v_mark FROM document_number_kind WHERE kind = p_kind;
  IF v_mark IS NULL THEN
    RAISE EXCEPTION '未知的文书种类：%', p_kind USING ERRCODE = 'check_violation';
  END IF;
  INSERT INTO document_number_counter AS c (agency_id, kind, year, last_number)
    VALUES (p_agency, p_kind, p_year, 1)
    ON CONFLICT (agency_id, kind, year) DO UPDATE SET last_number = c.last_number + 1
    RETURNING c.last_number INTO v_number;
  INSERT INTO document_number (agency_id, kind, year, number, text, document_id)
    VALUES (p_agency, p_kind, p_year, v_number, v_prefix || v_mark || '〔' || p_year || '〕' || v_number || '号', p_document)
    RETURNING * INTO v_row;
  RETURN v_row;
END $$;
GRANT EXECUTE ON FUNCTION issue_document_number(uuid, text, integer, uuid) TO zhifa_app;
