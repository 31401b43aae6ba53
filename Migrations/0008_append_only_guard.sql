-- One guard for every table whose rows must never change once written: the audit log, bank
-- versions and their items, policy versions, rank and post history. It replaces the three copies
-- made by earlier migrations (which stay as they were applied) and names the table in its message.
CREATE FUNCTION forbid_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

DROP TRIGGER audit_log_no_update_or_delete ON audit_log;
DROP TRIGGER audit_log_no_truncate ON audit_log;
DROP TRIGGER bank_versions_immutable ON bank_versions;
DROP TRIGGER bank_items_immutable ON bank_items;
DROP TRIGGER policies_immutable ON policies;
DROP TRIGGER rank_history_immutable ON rank_history;
DROP TRIGGER post_history_immutable ON post_history;

DROP FUNCTION audit_log_is_append_only();
DROP FUNCTION bank_content_is_immutable();
DROP FUNCTION history_is_immutable();

DO $$
DECLARE
    guarded text;
BEGIN
    FOREACH guarded IN ARRAY ARRAY['audit_log', 'bank_versions', 'bank_items', 'policies', 'rank_history',
                                   'post_history']
    LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION forbid_change()',
                       guarded || '_append_only', guarded);
        EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()',
                       guarded || '_no_truncate', guarded);
    END LOOP;
END;
$$;
