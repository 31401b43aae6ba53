-- Exam definitions: each creation of an exam file is kept as an immutable version; the newest
-- version is the one sittings schedule and attempts pin.
CREATE TABLE exam_versions (
    code text NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    version integer NOT NULL CHECK (version > 0),
    definition jsonb NOT NULL,
    track_code text NOT NULL,
    bank text NOT NULL,
    bank_version integer NOT NULL CHECK (bank_version > 0),
    source text NOT NULL,
    content_hash text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
    created_by text NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (code, version)
);

CREATE TRIGGER exam_versions_append_only
    BEFORE UPDATE OR DELETE ON exam_versions FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER exam_versions_no_truncate
    BEFORE TRUNCATE ON exam_versions FOR EACH STATEMENT EXECUTE FUNCTION forbid_change();
