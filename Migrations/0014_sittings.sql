-- Sittings of exams and the candidates enrolled in them. A sitting pins the exam version its
-- candidates take. Enrollments are never deleted: a withdrawal is a status, and a cancelled
-- sitting keeps its list. The seat count is kept by a trigger and checked against the capacity
-- here, so concurrent enrollments can never overbook a sitting whatever the application does.
CREATE TABLE sittings (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code text NOT NULL UNIQUE CHECK (code ~ '^S[0-9]{8}-[0-9]{2,}$'),
    exam_code text NOT NULL,
    exam_version integer NOT NULL,
    unit_id bigint NOT NULL REFERENCES units (id),
    venue text NOT NULL CHECK (length(btrim(venue)) BETWEEN 1 AND 200),
    capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
    enrolled integer NOT NULL DEFAULT 0,
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL,
    access_code text NOT NULL CHECK (access_code ~ '^[A-Za-z0-9]{4,32}$'),
    proctor_id bigint REFERENCES users (id),
    status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
    cancel_reason text,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL,
    FOREIGN KEY (exam_code, exam_version) REFERENCES exam_versions (code, version),
    CONSTRAINT sittings_window CHECK (ends_at > starts_at),
    CONSTRAINT sittings_seats CHECK (enrolled >= 0 AND enrolled <= capacity)
);

CREATE INDEX sittings_by_start ON sittings (starts_at);
CREATE INDEX sittings_by_venue ON sittings (venue, starts_at) WHERE status = 'scheduled';

CREATE TABLE sitting_enrollments (
    sitting_id bigint NOT NULL REFERENCES sittings (id),
    officer_id bigint NOT NULL REFERENCES officers (id),
    accommodation_minutes integer NOT NULL DEFAULT 0 CHECK (accommodation_minutes BETWEEN 0 AND 600),
    status text NOT NULL DEFAULT 'enrolled' CHECK (status IN ('enrolled', 'withdrawn')),
    changed_by text NOT NULL,
    changed_at timestamptz NOT NULL,
    PRIMARY KEY (sitting_id, officer_id)
);

CREATE INDEX sitting_enrollments_by_officer ON sitting_enrollments (officer_id) WHERE status = 'enrolled';

-- Keeps sittings.enrolled equal to the enrollments held; the sittings_seats check then refuses
-- the one too many.
CREATE FUNCTION count_sitting_seats() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' AND NEW.status = 'enrolled' THEN
        UPDATE sittings SET enrolled = enrolled + 1 WHERE id = NEW.sitting_id;
    ELSIF TG_OP = 'UPDATE' AND OLD.status IS DISTINCT FROM NEW.status THEN
        UPDATE sittings
        SET enrolled = enrolled + CASE WHEN NEW.status = 'enrolled' THEN 1 ELSE -1 END
        WHERE id = NEW.sitting_id;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER sitting_enrollments_count
    AFTER INSERT OR UPDATE OF status ON sitting_enrollments FOR EACH ROW EXECUTE FUNCTION count_sitting_seats();
CREATE TRIGGER sitting_enrollments_no_delete
    BEFORE DELETE ON sitting_enrollments FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER sitting_enrollments_no_truncate
    BEFORE TRUNCATE ON sitting_enrollments FOR EACH STATEMENT EXECUTE FUNCTION forbid_change();
