-- P-15: the portal's search index over what is public: one row per publication, its latest
-- public version (published or corrected; a withdrawn one keeps only its title and the
-- withdrawal's reason, as its page does). It is derived, never a record: the versions are the
-- record (0020). Only the trigger writes it (SECURITY DEFINER); the app role reads it.
-- Besides the text's bigrams the vector holds one lexeme for the year of the decision
-- ('年2025'; the tokenizer never makes a lexeme of 汉字 and digits, so no text can forge it):
-- a rare term is then looked up year by year inside the GIN index (search.ts).

CREATE TABLE publication_search (
  publication_id uuid PRIMARY KEY REFERENCES publication(id),
  public_id text NOT NULL UNIQUE,
  agency_id uuid NOT NULL REFERENCES org_node(id),
  kind text NOT NULL,
  domain text,
  priority boolean NOT NULL,
  decided_on date NOT NULL,
  version integer NOT NULL,
  status text NOT NULL CHECK (status IN ('published', 'corrected', 'withdrawn')),
  title text NOT NULL,
  excerpt text NOT NULL,
  published_on date NOT NULL,
  updated_on date NOT NULL,
  period_ends_on date,
  search tsvector NOT NULL
);
CREATE INDEX publication_search_text ON publication_search USING gin (search);
-- lists and keyset pages: newest decision first, the publication id breaking ties
CREATE INDEX publication_search_recent ON publication_search (decided_on DESC, publication_id DESC);
CREATE INDEX publication_search_agency ON publication_search (agency_id, decided_on DESC, publication_id DESC);
CREATE INDEX publication_search_kind ON publication_search (kind, decided_on DESC, publication_id DESC);
CREATE INDEX publication_search_domain ON publication_search (domain, decided_on DESC, publication_id DESC);
CREATE INDEX publication_search_updated ON publication_search (updated_on DESC, publication_id DESC);
GRANT SELECT ON publication_search TO zhifa_app;

CREATE FUNCTION publication_search_index() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = zhifa, public AS $$
DECLARE
  pub publication;
  withdrawn boolean := NEW.status = 'withdrawn';
  body text := CASE WHEN NEW.status = 'withdrawn' THEN '已撤回 ' || NEW.withdraw_trigger || ' ' || NEW.reason ELSE NEW.body END;
BEGIN
  IF NEW.status = 'draft' THEN RETURN NULL; END IF;
  SELECT * INTO pub FROM publication WHERE id = NEW.publication_id;
  INSERT INTO publication_search AS s (publication_id, public_id, agency_id, kind, domain, priority, decided_on, version, status,
                                       title, excerpt, published_on, updated_on, period_ends_on, search)
  VALUES (pub.id, pub.public_id, pub.agency_id, pub.kind, pub.domain, pub.priority, pub.decided_on, NEW.version, NEW.status,
          NEW.title, left(regexp_replace(body, '\s+', ' ', 'g'), 160), NEW.created_on, NEW.created_on, NEW.period_ends_on,
          zh_search_vector(NEW.title || E'\n' || body || CASE WHEN withdrawn THEN '' ELSE E'\n' || coalesce((SELECT string_agg(value, ' ') FROM jsonb_each_text(NEW.fields)), '') END)
            || array_to_tsvector(ARRAY['年' || to_char(pub.decided_on, 'YYYY')]))
  ON CONFLICT (publication_id) DO UPDATE SET
    version = EXCLUDED.version, status = EXCLUDED.status, title = EXCLUDED.title, excerpt = EXCLUDED.excerpt,
    updated_on = EXCLUDED.updated_on, period_ends_on = EXCLUDED.period_ends_on, search = EXCLUDED.search
  WHERE s.version < EXCLUDED.version;
  RETURN NULL;
END $$;
CREATE TRIGGER publication_version_search AFTER INSERT ON publication_version FOR EACH ROW EXECUTE FUNCTION publication_search_index();
