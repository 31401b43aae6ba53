-- Grading: each submitted attempt's result and the marks of each position, with the answer
-- sequence they were computed from; trainers' and examiners' marks for essays and practical
-- stations; items voided after the fact; certificates linked to the attempt that earned them, so
-- a regrade that takes the pass away can revoke them.
CREATE TABLE results (
    attempt_id bigint PRIMARY KEY REFERENCES attempts (id),
    score double precision NOT NULL CHECK (score >= 0),
    maximum double precision NOT NULL CHECK (maximum >= 0),
    percent double precision NOT NULL CHECK (percent >= 0 AND percent <= 100),
    final boolean NOT NULL,
    passed boolean,
    band text,
    placeholder_table boolean NOT NULL DEFAULT false,
    -- The bank version whose keys graded the attempt (the pinned one until a regrade corrects it).
    key_version integer NOT NULL CHECK (key_version > 0),
    graded_at timestamptz NOT NULL,
    CHECK (final = (passed IS NOT NULL))
);

-- The marking queue: attempts still waiting for a trainer or examiner.
CREATE INDEX results_pending ON results (attempt_id) WHERE NOT final;

CREATE TABLE item_marks (
    attempt_id bigint NOT NULL REFERENCES results (attempt_id),
    position integer NOT NULL CHECK (position > 0),
    item_id text NOT NULL,
    answer_sequence bigint,
    earned double precision CHECK (earned >= 0),
    maximum double precision NOT NULL CHECK (maximum >= 0),
    method text NOT NULL CHECK (method IN ('auto', 'unanswered', 'rubric', 'measurement', 'pending', 'voided')),
    placeholder_table boolean NOT NULL DEFAULT false,
    PRIMARY KEY (attempt_id, position),
    CHECK ((method = 'pending') = (earned IS NULL))
);

CREATE TABLE manual_marks (
    attempt_id bigint NOT NULL REFERENCES attempts (id),
    position integer NOT NULL CHECK (position > 0),
    mark jsonb NOT NULL,
    note text CHECK (length(note) <= 2000),
    marker text NOT NULL,
    marked_at timestamptz NOT NULL,
    PRIMARY KEY (attempt_id, position)
);

CREATE TABLE voided_items (
    exam_code text NOT NULL,
    item_id text NOT NULL,
    reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    voided_by text NOT NULL,
    voided_at timestamptz NOT NULL,
    PRIMARY KEY (exam_code, item_id)
);

ALTER TABLE certificates ADD COLUMN attempt_id bigint REFERENCES attempts (id);
CREATE INDEX certificates_attempt_idx ON certificates (attempt_id) WHERE attempt_id IS NOT NULL;
