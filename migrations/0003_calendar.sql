-- F-04 working-day calendar. The State Council notices for 2019–2026 are built into the code
-- (src/platform/calendar/data); administrators enter later years' notices and regional
-- overlays (放假办法 第四条, e.g. a minority-area festival) for an organisation subtree here.
-- Rows are never changed: a notice is replaced by entering a newer one for the same year and
-- region (the highest seq is in force), and only while no deadline has been computed on it.

CREATE TABLE calendar_notice (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Order of entry: the highest seq per (year, region) is in force. Rows are only ever
  -- added, so count(*) is the version app instances compare to refresh their cache.
  seq bigserial NOT NULL UNIQUE,
  year integer NOT NULL CHECK (year BETWEEN 2008 AND 2099),
  -- NULL: a national notice; otherwise an overlay for this node's subtree.
  region_org_id uuid REFERENCES org_node(id),
  number text CHECK (length(number) BETWEEN 1 AND 60),
  title text NOT NULL CHECK (length(title) BETWEEN 2 AND 200),
  -- [{ "date": "YYYY-MM-DD", "off": true|false, "name": "春节" }, …]
  days jsonb NOT NULL CHECK (jsonb_typeof(days) = 'array' AND jsonb_array_length(days) BETWEEN 1 AND 200),
  entered_by uuid REFERENCES app_user(id),
  entered_via text NOT NULL CHECK (entered_via IN ('api', 'cli')),
  entered_at timestamptz NOT NULL DEFAULT now(),
  -- The built-in years come from the code and cannot be replaced from the database.
  CONSTRAINT calendar_notice_builtin_year CHECK (region_org_id IS NOT NULL OR year NOT BETWEEN 2019 AND 2026)
);
CREATE INDEX calendar_notice_year ON calendar_notice(year, region_org_id, seq);
CREATE TRIGGER calendar_notice_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON calendar_notice
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON calendar_notice TO zhifa_app;

-- Which years deadlines were computed on, per organisation (NULL: the national calendar
-- without overlays), and whether the year's notice was known (confirmed) at the time.
CREATE TABLE calendar_year_use (
  year integer NOT NULL CHECK (year BETWEEN 2008 AND 2099),
  org_id uuid REFERENCES org_node(id),
  confirmed boolean NOT NULL,
  first_used_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE NULLS NOT DISTINCT (year, org_id, confirmed)
);
CREATE TRIGGER calendar_year_use_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON calendar_year_use
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON calendar_year_use TO zhifa_app;

-- Entering a notice and computing a deadline serialise on this lock (computations take it
-- shared), so no deadline is computed on a notice that is being replaced.
CREATE FUNCTION calendar_lock_key() RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT 4040404004::bigint';

/** F-04: the shape of an entered notice, and past years stay as they were once used. */
CREATE FUNCTION calendar_notice_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  day jsonb;
  d date;
  touched integer[] := ARRAY[NEW.year];
  region_path text;
  locked integer;
BEGIN
  PERFORM pg_advisory_xact_lock(calendar_lock_key());
  FOR day IN SELECT value FROM jsonb_array_elements(NEW.days) LOOP
    IF jsonb_typeof(day) <> 'object' OR jsonb_typeof(day->'date') IS DISTINCT FROM 'string'
       OR jsonb_typeof(day->'off') IS DISTINCT FROM 'boolean'
       OR coalesce(length(btrim(day->>'name')), 0) NOT BETWEEN 1 AND 30 THEN
      RAISE EXCEPTION '放假通知的日期条目应包含 date、off 和 name' USING ERRCODE = 'check_violation';
    END IF;
    IF day->>'date' !~ '^\d{4}-\d{2}-\d{2}$' THEN
      RAISE EXCEPTION '日期格式不正确：%', day->>'date' USING ERRCODE = 'check_violation';
    END IF;
    d := (day->>'date')::date;
    IF d < make_date(NEW.year - 1, 12, 1) OR d > make_date(NEW.year + 1, 1, 31) THEN
      RAISE EXCEPTION '% 不在 % 年（或前一年 12 月、次年 1 月）内', d, NEW.year USING ERRCODE = 'check_violation';
    END IF;
    IF NOT (day->>'off')::boolean AND extract(isodow FROM d) < 6 THEN
      RAISE EXCEPTION '% 是工作日，不能列为调休上班日', d USING ERRCODE = 'check_violation';
    END IF;
    touched := touched || extract(year FROM d)::integer;
  END LOOP;
  IF (SELECT count(DISTINCT value->>'date') FROM jsonb_array_elements(NEW.days)) <> jsonb_array_length(NEW.days) THEN
    RAISE EXCEPTION '放假通知中有重复的日期' USING ERRCODE = 'check_violation';
  END IF;
  -- A year is fixed once a deadline was computed on it while its notice was known.
  IF NEW.region_org_id IS NULL THEN
    SELECT min(u.year) INTO locked FROM calendar_year_use u WHERE u.confirmed AND u.year = ANY (touched);
  ELSE
    SELECT path INTO region_path FROM org_node WHERE id = NEW.region_org_id;
    SELECT min(u.year) INTO locked FROM calendar_year_use u JOIN org_node o ON o.id = u.org_id
      WHERE u.confirmed AND u.year = ANY (touched) AND starts_with(o.path, region_path);
  END IF;
  IF locked IS NOT NULL THEN
    RAISE EXCEPTION '% 年已有按该年放假安排计算的期限，该年的放假安排不得再更改', locked USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER calendar_notice_check BEFORE INSERT ON calendar_notice FOR EACH ROW EXECUTE FUNCTION calendar_notice_check();
