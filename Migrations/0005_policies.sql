-- Promotion policies: every load is kept as an immutable version; one version is active.
CREATE TABLE policies (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    version integer NOT NULL CHECK (version > 0),
    content jsonb NOT NULL,
    source text NOT NULL,
    content_hash text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
    loaded_by text NOT NULL,
    loaded_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (name, version)
);

CREATE TRIGGER policies_immutable
    BEFORE UPDATE OR DELETE ON policies
    FOR EACH ROW EXECUTE FUNCTION bank_content_is_immutable();

CREATE TABLE active_policy (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    policy_id bigint NOT NULL REFERENCES policies (id),
    activated_at timestamptz NOT NULL DEFAULT now()
);
