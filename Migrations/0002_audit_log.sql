-- Append-only record of every change: who did what to which entity, before and after.
-- Rows can be inserted but never updated or deleted; the trigger enforces it for every role,
-- including the table owner, so the guarantee does not rest on convention.
CREATE TABLE audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor text NOT NULL CHECK (length(actor) BETWEEN 1 AND 200),
    actor_role text NOT NULL CHECK (length(actor_role) BETWEEN 1 AND 50),
    action text NOT NULL CHECK (length(action) BETWEEN 1 AND 100),
    entity_type text NOT NULL CHECK (length(entity_type) BETWEEN 1 AND 100),
    entity_id text NOT NULL CHECK (length(entity_id) BETWEEN 1 AND 200),
    before jsonb,
    after jsonb,
    request_id text CHECK (length(request_id) <= 100)
);

CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id);
CREATE INDEX audit_log_actor_idx ON audit_log (actor, occurred_at);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_no_update_or_delete
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();

CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
