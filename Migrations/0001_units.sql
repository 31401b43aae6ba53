-- Organisational units form a tree: bureau -> sub-bureau -> station or team.
-- Later capabilities (roster, scopes of trainers and HR) hang off this tree.
CREATE TABLE units (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9._-]{1,64}$'),
    parent_id bigint REFERENCES units (id),
    name_zh text NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 200),
    name_en text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (parent_id IS DISTINCT FROM id)
);

CREATE INDEX units_parent_idx ON units (parent_id);
