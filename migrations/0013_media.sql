-- R-07 media ingest: body-camera and 采集工作站 recordings uploaded resumably (tus), stored
-- content-addressed as case attachments, with their recording metadata in case_media.

-- Recordings come in more containers than phone clips: QuickTime (.mov), WebM, AVI.
ALTER TABLE case_attachment DROP CONSTRAINT case_attachment_media_type_check;
ALTER TABLE case_attachment ADD CONSTRAINT case_attachment_media_type_check CHECK (media_type IN
  ('image/jpeg', 'image/png', 'image/heic', 'audio/mpeg', 'audio/mp4', 'audio/wav', 'audio/ogg', 'audio/amr', 'audio/webm',
   'video/mp4', 'video/quicktime', 'video/webm', 'video/x-msvideo', 'application/pdf'));

/**
 * R-07: one row per ingested recording, beside its case_attachment row (same id). Who
 * recorded it (officer, a 执法人员), with which device, from when to when and where; the
 * digests and size repeat the attachment's and must agree with it. upload_id is the tus
 * upload it came from: an upload becomes at most one recording, however often its end is retried.
 */
CREATE TABLE case_media (
  id uuid PRIMARY KEY REFERENCES case_attachment(id),
  case_id uuid NOT NULL REFERENCES enforcement_case(id),
  upload_id text NOT NULL UNIQUE CHECK (upload_id ~ '^[0-9a-f]{32}$'),
  device text NOT NULL CHECK (length(btrim(device)) BETWEEN 1 AND 100),
  officer_id uuid NOT NULL REFERENCES person(id),
  started_at timestamptz NOT NULL,
  ended_at timestamptz NOT NULL,
  location text CHECK (length(btrim(location)) BETWEEN 1 AND 200),
  duration_ms bigint CHECK (duration_ms >= 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  sm3 text NOT NULL CHECK (sm3 ~ '^[0-9a-f]{64}$'),
  size bigint NOT NULL CHECK (size > 0),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ended_at >= started_at)
);
CREATE INDEX case_media_case ON case_media (case_id, started_at);
CREATE TRIGGER case_media_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON case_media
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON case_media TO zhifa_app;

/**
 * R-07: a recording is an audio or video attachment of the same case with the same bytes
 * (SHA-256, SM3, size), and whoever recorded it is a 执法人员 (not 辅助人员, not counsel).
 */
CREATE FUNCTION case_media_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE a case_attachment;
BEGIN
  SELECT * INTO a FROM case_attachment WHERE id = NEW.id;
  IF a.case_id IS DISTINCT FROM NEW.case_id THEN
    RAISE EXCEPTION '音像记录与所属附件不属于同一案件' USING ERRCODE = 'check_violation', HINT = 'MEDIA_ATTACHMENT';
  END IF;
  IF a.sha256 <> NEW.sha256 OR a.sm3 <> NEW.sm3 OR a.size <> NEW.size THEN
    RAISE EXCEPTION '音像记录的哈希或大小与所属附件不一致' USING ERRCODE = 'check_violation', HINT = 'MEDIA_DIGEST';
  END IF;
  IF a.media_type !~ '^(audio|video)/' THEN
    RAISE EXCEPTION '音像记录只能是音频或视频文件' USING ERRCODE = 'check_violation', HINT = 'MEDIA_KIND';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM person p WHERE p.id = NEW.officer_id AND p.kind = 'officer') THEN
    RAISE EXCEPTION '录制人必须是执法人员' USING ERRCODE = 'check_violation', HINT = 'MEDIA_OFFICER';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER case_media_legal BEFORE INSERT ON case_media FOR EACH ROW EXECUTE FUNCTION case_media_check();

-- R-08: the recording's metadata (officer, time span) enters the log beside its attachment.
CREATE TRIGGER case_media_ledger AFTER INSERT ON case_media FOR EACH ROW EXECUTE FUNCTION ledger_record_row();
