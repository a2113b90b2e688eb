-- P-15: Chinese full-text search that works on PGlite and on PostgreSQL whatever the server's
-- locale. Text is cut into runs of CJK characters and runs of Latin letters/digits; a CJK run
-- becomes its overlapping character bigrams (食品安全 → 食品 品安 安全) with positions, plus its
-- last character alone; a Latin run is one lexeme. The tsvector is assembled as a literal (the
-- tsvector input parser does not consult the locale, unlike to_tsvector's word parser, which
-- drops CJK under a C locale). A query term becomes the phrase of its bigrams
-- (品安 <-> 安全), a one-character term the prefix of a lexeme, so a match is exact: the term
-- occurs inside one run of the text. Runs are one position apart so no phrase spans them.
-- Positions stop at 16383 (PostgreSQL's limit): a phrase beyond the 16,000th character of one
-- text is not found.

CREATE FUNCTION zh_search_vector(doc text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  WITH runs AS (
    SELECT t.m[1] AS run, t.n
    FROM regexp_matches(lower(normalize(coalesce(doc, ''), NFKC)),
                        '([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[0-9a-z]+)', 'g') WITH ORDINALITY AS t(m, n)
  ), placed AS (
    SELECT run, run ~ '^[0-9a-z]' AS latin,
           coalesce(sum(char_length(run) + 1) OVER (ORDER BY n ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS base
    FROM runs
  ), tokens AS (
    SELECT run AS token, base + 1 AS pos FROM placed WHERE latin
    UNION ALL
    SELECT CASE WHEN char_length(run) = 1 THEN run ELSE substr(run, i, 2) END, base + i
    FROM placed, generate_series(1, greatest(char_length(run) - 1, 1)) AS i WHERE NOT latin
    UNION ALL
    SELECT right(run, 1), base + char_length(run) FROM placed WHERE NOT latin AND char_length(run) > 1
  )
  SELECT coalesce(string_agg(quote_literal(token) || ':' || least(pos, 16383), ' '), '')::tsvector FROM tokens
$$;

-- Every term of the query must occur (AND); an empty result means the query has nothing searchable.
CREATE FUNCTION zh_search_query(q text) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  WITH terms AS (
    SELECT t.m[1] AS run, t.n
    FROM regexp_matches(lower(normalize(coalesce(q, ''), NFKC)),
                        '([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[0-9a-z]+)', 'g') WITH ORDINALITY AS t(m, n)
  ), parts AS (
    SELECT n, CASE
      WHEN run ~ '^[0-9a-z]' THEN quote_literal(run)
      WHEN char_length(run) = 1 THEN quote_literal(run) || ':*'
      ELSE (SELECT string_agg(quote_literal(substr(run, i, 2)), ' <-> ' ORDER BY i) FROM generate_series(1, char_length(run) - 1) AS i)
    END AS part
    FROM terms
  )
  SELECT coalesce(string_agg('(' || part || ')', ' & ' ORDER BY n), '')::tsquery FROM parts
$$;

GRANT EXECUTE ON FUNCTION zh_search_vector(text), zh_search_query(text) TO zhifa_app;
