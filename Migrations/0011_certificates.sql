-- Certificates officers hold (imported for what they earned before Muster, issued by grading
-- later), and police-college training for the policy's tier changes. A revocation is recorded
-- on the certificate (revoked_on), never by deleting it.
CREATE TABLE certificates (
    officer_id bigint NOT NULL REFERENCES officers (id),
    certificate text NOT NULL CHECK (certificate ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    issued date NOT NULL,
    valid_until date,
    revoked_on date,
    source text NOT NULL DEFAULT 'import' CHECK (source IN ('import', 'exam')),
    PRIMARY KEY (officer_id, certificate, issued),
    CHECK (valid_until IS NULL OR valid_until >= issued),
    CHECK (revoked_on IS NULL OR revoked_on >= issued)
);

CREATE INDEX certificates_code_idx ON certificates (certificate, valid_until);

CREATE TABLE college_training (
    officer_id bigint NOT NULL REFERENCES officers (id),
    rank_code text NOT NULL CHECK (length(rank_code) BETWEEN 1 AND 64),
    completed date NOT NULL,
    PRIMARY KEY (officer_id, rank_code, completed)
);
