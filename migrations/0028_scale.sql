-- N-02 / N-06: the rate limits of public and login routes are counted here, not in one app
-- server's memory, so that several app servers behind one address enforce one limit (a client
-- spreading its requests over them gets no more). One row per route and client key, a fixed
-- window: the first hit opens it, hits inside it count, the first hit after it reopens it.
-- Rows of closed windows are pruned by the app (src/platform/http/rate-limit-store.ts).
CREATE TABLE rate_limit_counter (
  key text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 400),
  hits integer NOT NULL CHECK (hits >= 1),
  window_ends_at timestamptz NOT NULL
);
CREATE INDEX rate_limit_counter_ends ON rate_limit_counter (window_ends_at);
GRANT SELECT, INSERT, UPDATE, DELETE ON rate_limit_counter TO zhifa_app;

/**
 * N-02: one hit on `key` in a window of `window_ms`: the count inside the current window and the
 * milliseconds left in it. One statement, so concurrent hits from any server count exactly.
 */
CREATE FUNCTION rate_limit_hit(hit_key text, window_ms integer)
RETURNS TABLE (hits integer, ttl_ms integer) LANGUAGE sql AS $$
  INSERT INTO rate_limit_counter AS c (key, hits, window_ends_at)
  VALUES (hit_key, 1, clock_timestamp() + window_ms * interval '1 millisecond')
  ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN c.window_ends_at <= clock_timestamp() THEN 1 ELSE c.hits + 1 END,
    window_ends_at = CASE WHEN c.window_ends_at <= clock_timestamp() THEN EXCLUDED.window_ends_at ELSE c.window_ends_at END
  RETURNING c.hits, greatest(0, ceil(extract(epoch FROM c.window_ends_at - clock_timestamp()) * 1000))::integer
$$;
GRANT EXECUTE ON FUNCTION rate_limit_hit(text, integer) TO zhifa_app;
