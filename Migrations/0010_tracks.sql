-- Training tracks: every load of a track file is kept as an immutable version; the newest
-- version of each track is the one in force.
CREATE TABLE track_versions (
    code text NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    version integer NOT NULL CHECK (version > 0),
    definition jsonb NOT NULL,
    certificate_code text NOT NULL CHECK (certificate_code ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    source text NOT NULL,
    content_hash text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
    loaded_by text NOT NULL,
    loaded_at timestamptz NOT NULL,
    PRIMARY KEY (code, version)
);

CREATE INDEX track_versions_certificate_idx ON track_versions (certificate_code);

CREATE TRIGGER track_versions_append_only
    BEFORE UPDATE OR DELETE ON track_versions FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER track_versions_no_truncate
    BEFORE TRUNCATE ON track_versions FOR EACH STATEMENT EXECUTE FUNCTION forbid_change();
