-- Question banks and their immutable versions. An import that changes a bank's content adds a
-- version; exams pin the version they were built from, so versions and their items can never be
-- changed or removed once written.
CREATE TABLE question_banks (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    title jsonb,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE bank_versions (
    bank_id bigint NOT NULL REFERENCES question_banks (id),
    version integer NOT NULL CHECK (version > 0),
    content_hash text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
    item_count integer NOT NULL CHECK (item_count >= 0),
    source_format text NOT NULL,
    source_files text[] NOT NULL,
    imported_by text NOT NULL,
    imported_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (bank_id, version)
);

CREATE TABLE bank_items (
    bank_id bigint NOT NULL,
    version integer NOT NULL,
    position integer NOT NULL CHECK (position >= 0),
    item_id text NOT NULL CHECK (length(item_id) BETWEEN 1 AND 200),
    kind text NOT NULL,
    topics text[] NOT NULL,
    difficulty text NOT NULL CHECK (difficulty IN ('easy', 'medium', 'hard')),
    points numeric NOT NULL CHECK (points >= 0),
    body jsonb NOT NULL,
    PRIMARY KEY (bank_id, version, item_id),
    UNIQUE (bank_id, version, position),
    FOREIGN KEY (bank_id, version) REFERENCES bank_versions (bank_id, version)
);

CREATE INDEX bank_items_topics_idx ON bank_items USING gin (topics);

CREATE FUNCTION bank_content_is_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'bank versions are immutable: % on % is not allowed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER bank_versions_immutable
    BEFORE UPDATE OR DELETE ON bank_versions
    FOR EACH ROW EXECUTE FUNCTION bank_content_is_immutable();

CREATE TRIGGER bank_items_immutable
    BEFORE UPDATE OR DELETE ON bank_items
    FOR EACH ROW EXECUTE FUNCTION bank_content_is_immutable();
