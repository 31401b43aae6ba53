-- HR records that promotion decisions read, keyed by their natural keys so re-imports are
-- idempotent. Changes to existing rows are recorded in the audit log by the import.
CREATE TABLE assessments (
    officer_id bigint NOT NULL REFERENCES officers (id),
    year integer NOT NULL CHECK (year BETWEEN 1950 AND 2200),
    grade text NOT NULL CHECK (length(grade) BETWEEN 1 AND 64),
    PRIMARY KEY (officer_id, year)
);

CREATE TABLE sanctions (
    officer_id bigint NOT NULL REFERENCES officers (id),
    kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 64),
    starts date NOT NULL,
    ends date,
    revoked boolean NOT NULL DEFAULT false,
    PRIMARY KEY (officer_id, kind, starts),
    CHECK (ends IS NULL OR ends >= starts)
);

CREATE TABLE merits (
    officer_id bigint NOT NULL REFERENCES officers (id),
    kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 64),
    awarded date NOT NULL,
    PRIMARY KEY (officer_id, kind, awarded)
);

CREATE TABLE qualifications (
    officer_id bigint NOT NULL REFERENCES officers (id),
    level text NOT NULL CHECK (length(level) BETWEEN 1 AND 64),
    passed date NOT NULL,
    valid_until date,
    PRIMARY KEY (officer_id, level, passed),
    CHECK (valid_until IS NULL OR valid_until > passed)
);

CREATE TABLE quality_assessments (
    officer_id bigint NOT NULL REFERENCES officers (id),
    year integer NOT NULL CHECK (year BETWEEN 1950 AND 2200),
    grade text NOT NULL CHECK (length(grade) BETWEEN 1 AND 64),
    PRIMARY KEY (officer_id, year)
);

CREATE TABLE satisfaction_scores (
    officer_id bigint NOT NULL REFERENCES officers (id),
    quarter text NOT NULL CHECK (quarter ~ '^[0-9]{4}Q[1-4]$'),
    score double precision NOT NULL CHECK (score BETWEEN 0 AND 100),
    PRIMARY KEY (officer_id, quarter)
);
