-- R-08 防删改: the append-only Merkle log (RFC 6962) of every action, document version and
-- attachment, with signed checkpoints (C2SP tlog-checkpoint / signed-note).
-- Rows enter a queue in the inserting transaction (triggers below, so nothing bypasses the
-- log); the sequencer (src/platform/ledger/sequence.ts) gives them indexes, stores the leaf and
-- every newly complete subtree hash, and signs a checkpoint. A proof then needs O(log n)
-- primary-key reads of ledger_node, never a scan.

-- Waiting entries. Deleted by the sequencer only once they are a leaf (trigger below).
CREATE TABLE ledger_queue (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_]{1,62}$'),
  ref_id text NOT NULL CHECK (length(ref_id) BETWEEN 1 AND 200),
  content jsonb NOT NULL,
  enqueued_at timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT, INSERT, DELETE ON ledger_queue TO zhifa_app;

-- The leaves, index 0 … n-1. content is the snapshot whose RFC 8785 bytes were hashed.
CREATE TABLE ledger_leaf (
  idx bigint PRIMARY KEY CHECK (idx >= 0),
  kind text NOT NULL,
  ref_id text NOT NULL,
  content jsonb NOT NULL,
  content_hash bytea NOT NULL CHECK (length(content_hash) = 32),
  leaf_hash bytea NOT NULL CHECK (length(leaf_hash) = 32),
  queue_seq bigint NOT NULL UNIQUE,
  enqueued_at timestamptz NOT NULL,
  sequenced_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_leaf_ref ON ledger_leaf (kind, ref_id);
CREATE TRIGGER ledger_leaf_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger_leaf
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON ledger_leaf TO zhifa_app;

/** R-08: leaves follow each other by one, from 0: the log has no gaps and no second index i. */
CREATE FUNCTION ledger_leaf_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE expected bigint;
BEGIN
  expected := coalesce((SELECT idx FROM ledger_leaf ORDER BY idx DESC LIMIT 1) + 1, 0);
  IF NEW.idx <> expected THEN
    RAISE EXCEPTION '日志叶序号须连续（应为 %）', expected USING ERRCODE = 'check_violation', HINT = 'LEDGER_ORDER';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER ledger_leaf_order BEFORE INSERT ON ledger_leaf FOR EACH ROW EXECUTE FUNCTION ledger_leaf_check();

/** R-08: a queue entry leaves the queue only as a leaf. */
CREATE FUNCTION ledger_queue_delete_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM ledger_leaf WHERE queue_seq = OLD.seq) THEN
    RAISE EXCEPTION '未入日志的条目不得删除' USING ERRCODE = 'check_violation', HINT = 'LEDGER_QUEUE';
  END IF;
  RETURN OLD;
END $$;
CREATE TRIGGER ledger_queue_delete BEFORE DELETE ON ledger_queue FOR EACH ROW EXECUTE FUNCTION ledger_queue_delete_check();
CREATE TRIGGER ledger_queue_no_update BEFORE UPDATE OR TRUNCATE ON ledger_queue
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Hashes of complete subtrees: (level, idx) covers leaves idx·2^level … (idx+1)·2^level - 1.
CREATE TABLE ledger_node (
  level smallint NOT NULL CHECK (level BETWEEN 0 AND 62),
  idx bigint NOT NULL CHECK (idx >= 0),
  hash bytea NOT NULL CHECK (length(hash) = 32),
  PRIMARY KEY (level, idx)
);
CREATE TRIGGER ledger_node_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger_node
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON ledger_node TO zhifa_app;

-- Signed checkpoints, one per sequenced batch; note is the C2SP signed note text.
CREATE TABLE ledger_checkpoint (
  tree_size bigint PRIMARY KEY CHECK (tree_size >= 0),
  root bytea NOT NULL CHECK (length(root) = 32),
  hash_alg text NOT NULL CHECK (hash_alg IN ('sm3', 'sha256')),
  note text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER ledger_checkpoint_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger_checkpoint
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON ledger_checkpoint TO zhifa_app;

/** R-08: the entry point for every leaf kind (case rows now, publications and draws later). */
CREATE FUNCTION ledger_enqueue(p_kind text, p_ref_id text, p_content jsonb) RETURNS bigint
LANGUAGE sql AS $$
  INSERT INTO ledger_queue (kind, ref_id, content) VALUES (p_kind, p_ref_id, p_content) RETURNING seq
$$;
GRANT EXECUTE ON FUNCTION ledger_enqueue(text, text, jsonb) TO zhifa_app;

/** R-08: a recorded row enters the log in its own transaction; the ref id is its key. */
CREATE FUNCTION ledger_record_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE row jsonb := to_jsonb(NEW);
BEGIN
  PERFORM ledger_enqueue(TG_TABLE_NAME, CASE TG_TABLE_NAME
    WHEN 'case_document_version' THEN (row->>'document_id') || ':' || (row->>'version')
    ELSE row->>'id' END, row);
  RETURN NULL;
END $$;
CREATE TRIGGER case_action_ledger AFTER INSERT ON case_action FOR EACH ROW EXECUTE FUNCTION ledger_record_row();
CREATE TRIGGER case_document_version_ledger AFTER INSERT ON case_document_version FOR EACH ROW EXECUTE FUNCTION ledger_record_row();
CREATE TRIGGER case_attachment_ledger AFTER INSERT ON case_attachment FOR EACH ROW EXECUTE FUNCTION ledger_record_row();
