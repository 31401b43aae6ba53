-- The officer roster with rank and post history. History rows are never changed or removed.
CREATE TABLE officers (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    badge text NOT NULL UNIQUE CHECK (badge ~ '^[A-Za-z0-9-]{1,32}$'),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    sex text NOT NULL CHECK (sex IN ('male', 'female')),
    birth_date date NOT NULL,
    unit_id bigint NOT NULL REFERENCES units (id),
    hire_date date NOT NULL,
    duty_type text NOT NULL CHECK (duty_type IN ('frontline', 'support')),
    rank_code text NOT NULL CHECK (length(rank_code) BETWEEN 1 AND 64),
    rank_since date NOT NULL,
    post_code text NOT NULL CHECK (length(post_code) BETWEEN 1 AND 64),
    post_since date NOT NULL,
    education text NOT NULL DEFAULT '' CHECK (length(education) <= 100),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (hire_date > birth_date)
);

CREATE INDEX officers_unit_idx ON officers (unit_id);
CREATE INDEX officers_rank_idx ON officers (rank_code);

CREATE TABLE rank_history (
    officer_id bigint NOT NULL REFERENCES officers (id),
    rank_code text NOT NULL,
    since date NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (officer_id, since, rank_code)
);

CREATE TABLE post_history (
    officer_id bigint NOT NULL REFERENCES officers (id),
    post_code text NOT NULL,
    since date NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (officer_id, since, post_code)
);

CREATE FUNCTION history_is_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'history is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER rank_history_immutable
    BEFORE UPDATE OR DELETE ON rank_history
    FOR EACH ROW EXECUTE FUNCTION history_is_immutable();

CREATE TRIGGER post_history_immutable
    BEFORE UPDATE OR DELETE ON post_history
    FOR EACH ROW EXECUTE FUNCTION history_is_immutable();
