-- Accounts, their roles (optionally limited to a unit subtree) and login sessions.
-- Passwords are stored only as bcrypt hashes; session tokens only as SHA-256 hashes.
CREATE TABLE users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
    display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    password_hash text NOT NULL CHECK (password_hash LIKE '$2%'),
    badge text CHECK (badge ~ '^[A-Za-z0-9-]{1,32}$'),
    disabled boolean NOT NULL DEFAULT false,
    failed_logins integer NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
    locked_until timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_roles (
    user_id bigint NOT NULL REFERENCES users (id),
    role text NOT NULL CHECK (role IN ('officer', 'proctor', 'trainer', 'hr', 'admin')),
    unit_scope text REFERENCES units (code),
    PRIMARY KEY (user_id, role)
);

CREATE TABLE sessions (
    token_hash text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    user_id bigint NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz
);

CREATE INDEX sessions_user_idx ON sessions (user_id);
