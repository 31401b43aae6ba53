-- Promotion rounds: a frozen, ranked eligibility list per target and date, and the promotions
-- recorded from it. A round and its entries never change once written; a promotion is a new
-- rank (and post) history entry linked to the round and the records it rested on.

CREATE TABLE promotion_rounds (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    target text NOT NULL CHECK (length(target) BETWEEN 1 AND 80),
    as_of date NOT NULL,
    unit_id bigint REFERENCES units (id),
    vacancies integer CHECK (vacancies BETWEEN 1 AND 100000),
    per_vacancy integer NOT NULL CHECK (per_vacancy > 0),
    valid_until date NOT NULL CHECK (valid_until >= as_of),
    rules jsonb NOT NULL,
    policy_hash text NOT NULL,
    excluded jsonb NOT NULL,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE TABLE promotion_round_entries (
    round_id bigint NOT NULL REFERENCES promotion_rounds (id),
    position integer NOT NULL CHECK (position > 0),
    officer_id bigint NOT NULL REFERENCES officers (id),
    badge text NOT NULL,
    name text NOT NULL,
    unit_code text NOT NULL,
    current_rank text,
    target_rank text,
    verdict text NOT NULL CHECK (verdict IN ('eligible', 'consideration')),
    composite double precision NOT NULL CHECK (composite BETWEEN 0 AND 100),
    parts jsonb NOT NULL,
    within_selection boolean NOT NULL,
    rests_on jsonb NOT NULL,
    PRIMARY KEY (round_id, position),
    UNIQUE (round_id, officer_id)
);

CREATE TRIGGER promotion_rounds_frozen
    BEFORE UPDATE OR DELETE ON promotion_rounds FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER promotion_round_entries_frozen
    BEFORE UPDATE OR DELETE ON promotion_round_entries FOR EACH ROW EXECUTE FUNCTION forbid_change();

CREATE TABLE promotions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    round_id bigint NOT NULL REFERENCES promotion_rounds (id),
    officer_id bigint NOT NULL REFERENCES officers (id),
    rank_code text NOT NULL,
    post_code text,
    effective date NOT NULL,
    rests_on jsonb NOT NULL,
    recorded_by text NOT NULL,
    recorded_at timestamptz NOT NULL,
    UNIQUE (round_id, officer_id)
);

CREATE TRIGGER promotions_append_only
    BEFORE UPDATE OR DELETE ON promotions FOR EACH ROW EXECUTE FUNCTION forbid_change();
