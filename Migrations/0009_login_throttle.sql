-- Sign-in throttling per (username, client address) replaces the per-account lock: five wrong
-- passwords from one terminal slow that terminal down, with growing delays, but never lock the
-- account for everybody else. Rows exist for unknown usernames too, so answers do not reveal
-- which accounts exist.
CREATE TABLE login_throttle (
    username text NOT NULL CHECK (length(username) BETWEEN 1 AND 64),
    client text NOT NULL CHECK (length(client) BETWEEN 1 AND 100),
    failures integer NOT NULL CHECK (failures >= 0),
    last_failure_at timestamptz NOT NULL,
    blocked_until timestamptz NOT NULL,
    PRIMARY KEY (username, client)
);

CREATE INDEX login_throttle_last_failure_idx ON login_throttle (last_failure_at);

ALTER TABLE users DROP COLUMN failed_logins;
ALTER TABLE users DROP COLUMN locked_until;
