-- Attendance and hours per officer per track module and day, imported from the training
-- centre's records; re-importing a day replaces its hours (corrections are audited).
CREATE TABLE training_attendance (
    officer_id bigint NOT NULL REFERENCES officers (id),
    track_code text NOT NULL CHECK (track_code ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    module_code text NOT NULL CHECK (module_code ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    day date NOT NULL,
    hours numeric(5, 2) NOT NULL CHECK (hours > 0 AND hours <= 24),
    PRIMARY KEY (officer_id, track_code, module_code, day)
);
