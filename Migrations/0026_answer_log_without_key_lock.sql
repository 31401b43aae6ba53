-- Answer saving without a row lock on the attempt.
--
-- The foreign key from answer_log to attempts made PostgreSQL lock the attempt's row (FOR KEY
-- SHARE, written to the WAL) for every answer saved: on an exam morning, the most frequent write
-- of the product paid for a second write it did not need. The save statement only inserts rows
-- whose attempt it has just read (it joins attempts to judge the deadline), so the key is kept by
-- that statement and by this rule: attempts are never deleted (a mistaken attempt is voided), so
-- no answer can lose its attempt.
ALTER TABLE answer_log DROP CONSTRAINT answer_log_attempt_id_fkey;

CREATE FUNCTION forbid_attempt_removal() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'attempts are never removed (% is not allowed): void an attempt instead', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER attempts_no_delete
    BEFORE DELETE ON attempts FOR EACH ROW EXECUTE FUNCTION forbid_attempt_removal();
CREATE TRIGGER attempts_no_truncate
    BEFORE TRUNCATE ON attempts FOR EACH STATEMENT EXECUTE FUNCTION forbid_attempt_removal();
