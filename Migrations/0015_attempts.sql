-- Attempts at exams and the log of every answer saved. An attempt stores the form drawn for the
-- candidate (with the items it draws, so a save is checked without reading the bank) and its
-- deadline, set by the server at admission. Each accepted save is one row of the append-only
-- answer log, keyed by (attempt, position, sequence): the current answer is the highest sequence,
-- a retried or late-arriving save with a sequence at or below it writes nothing, and regrading
-- replays exactly what was saved.
CREATE TABLE attempts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sitting_id bigint NOT NULL REFERENCES sittings (id),
    officer_id bigint NOT NULL REFERENCES officers (id),
    exam_code text NOT NULL,
    exam_version integer NOT NULL,
    attempt_number integer NOT NULL CHECK (attempt_number > 0),
    form jsonb NOT NULL,
    admitted_at timestamptz NOT NULL,
    deadline timestamptz NOT NULL,
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'submitted', 'voided')),
    submitted_at timestamptz,
    submitted_by text,
    FOREIGN KEY (exam_code, exam_version) REFERENCES exam_versions (code, version),
    UNIQUE (sitting_id, officer_id),
    CHECK (deadline >= admitted_at),
    CHECK ((status = 'active') = (submitted_at IS NULL) OR status = 'voided')
);

-- One active attempt per officer per exam.
CREATE UNIQUE INDEX attempts_one_active ON attempts (officer_id, exam_code) WHERE status = 'active';
-- The auto-submitter's queue.
CREATE INDEX attempts_due ON attempts (deadline) WHERE status = 'active';

CREATE TABLE answer_log (
    attempt_id bigint NOT NULL REFERENCES attempts (id),
    position integer NOT NULL CHECK (position > 0),
    sequence bigint NOT NULL CHECK (sequence > 0),
    answer jsonb,
    flagged boolean NOT NULL DEFAULT false,
    saved_at timestamptz NOT NULL,
    PRIMARY KEY (attempt_id, position, sequence)
);

CREATE TRIGGER answer_log_append_only
    BEFORE UPDATE OR DELETE ON answer_log FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER answer_log_no_truncate
    BEFORE TRUNCATE ON answer_log FOR EACH STATEMENT EXECUTE FUNCTION forbid_change();
