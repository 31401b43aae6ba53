-- Each officer's promotion-relevant records, aggregated once and kept up to date by triggers.
--
-- Readiness for a whole force used to aggregate every history and record table (1.25 million
-- rows for 100,000 officers) on each query: about a second of one core in PostgreSQL before the
-- first verdict. Records change rarely and are read often, so each officer's records are now
-- kept aggregated in one row, rewritten when the transaction that changes them commits, and
-- readiness reads one row per officer.
--
-- The row holds one JSON document (json, kept as written), an array of eight lists in this
-- order, each entry a small array of fields, dates as day numbers since 2000-01-01, a missing
-- date as null; each list is ordered by its table's key, so a row is the same however its
-- records were written:
--   rank history      [rank_code, since]
--   post history      [post_code, since]
--   assessments       [year, grade]
--   sanctions         [kind, starts, ends, revoked]
--   merits            [kind, awarded]
--   qualifications    [level, passed, valid_until]
--   certificates      [certificate, issued, valid_until, revoked_on]
--   college training  [rank_code, completed]
-- One document rather than a typed array per column: a whole force is read as 100,000 rows, and
-- one compact cell per officer is read several times faster than twenty-one arrays.
CREATE TABLE promotion_histories (
    officer_id bigint PRIMARY KEY REFERENCES officers (id) ON DELETE CASCADE,
    records json NOT NULL
);

-- The rows of promotion_histories for these officers, computed from the record tables.
CREATE FUNCTION promotion_histories_of(ids bigint[]) RETURNS SETOF promotion_histories
LANGUAGE sql STABLE AS $$
    WITH chosen AS MATERIALIZED (SELECT DISTINCT id FROM unnest(ids) AS i (id))
    SELECT c.id, json_build_array(
        COALESCE(rh.list, '[]'), COALESCE(ph.list, '[]'), COALESCE(a.list, '[]'), COALESCE(s.list, '[]'),
        COALESCE(m.list, '[]'), COALESCE(q.list, '[]'), COALESCE(t.list, '[]'), COALESCE(ct.list, '[]'))
    FROM chosen c
    LEFT JOIN (
        SELECT officer_id, json_agg(json_build_array(rank_code, since - DATE '2000-01-01') ORDER BY since, rank_code) list
        FROM rank_history WHERE officer_id IN (SELECT id FROM chosen) GROUP BY officer_id
    ) rh ON rh.officer_id = c.id
    LEFT JOIN (
        SELECT officer_id, json_agg(json_build_array(post_code, since - DATE '2000-01-01') ORDER BY since, post_code) list
        FROM post_history WHERE officer_id IN (SELECT id FROM chosen) GROUP BY officer_id
    ) ph ON ph.officer_id = c.id
    LEFT JOIN (
        SELECT officer_id, json_agg(json_build_array(year, grade) ORDER BY year) list
        FROM assessments WHERE officer_id IN (SELECT id FROM chosen) GROUP BY officer_id
    ) a ON a.officer_id = c.id
    LEFT JOIN (
        SELECT officer_id, json_agg(json_build_array(
                   kind, starts - DATE '2000-01-01', ends - DATE '2000-01-01', revoked) ORDER BY kind, starts) list
        FROM sanctions WHERE officer_id IN (SELECT id FROM chosen) GROUP BY officer_id
    ) s ON s.officer_id = c.id
    LEFT JOIN (
        SELECT officer_id, json_agg(json_build_array(kind, awarded - DATE '2000-01-01') ORDER BY kind, awarded) list
        FROM merits WHERE officer_id IN (SELECT id FROM chosen) GROUP BY officer_id
    ) m ON m.officer_id = c.id
    LEFT JOIN (
        SELECT officer_id, json_agg(json_build_array(
                   level, passed - DATE '2000-01-01', valid_until - DATE '2000-01-01') ORDER BY level, passed) list
        FROM qualifications WHERE officer_id IN (SELECT id FROM chosen) GROUP BY officer_id
    ) q ON q.officer_id = c.id
    LEFT JOIN (
        SELECT officer_id, json_agg(json_build_array(
                   certificate, issued - DATE '2000-01-01', valid_until - DATE '2000-01-01',
                   revoked_on - DATE '2000-01-01') ORDER BY certificate, issued) list
        FROM certificates WHERE officer_id IN (SELECT id FROM chosen) GROUP BY officer_id
    ) t ON t.officer_id = c.id
    LEFT JOIN (
        SELECT officer_id, json_agg(json_build_array(rank_code, completed - DATE '2000-01-01') ORDER BY rank_code, completed) list
        FROM college_training WHERE officer_id IN (SELECT id FROM chosen) GROUP BY officer_id
    ) ct ON ct.officer_id = c.id
$$;

-- Rewrites these officers' rows. Their rows are made to exist and locked first, in officer order,
-- so two transactions rewriting one officer's row take turns and the second computes it after
-- the first has committed (READ COMMITTED takes a new snapshot per statement; at REPEATABLE READ
-- the second would fail with a serialization error instead, and could be retried). Only this
-- function locks these rows, and it runs once per transaction (at commit, below), so the locks
-- are always taken in one order: no deadlock between writers.
CREATE FUNCTION refresh_promotion_histories(ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    -- Officers removed since their records changed have no row to keep.
    ids := ARRAY(SELECT id FROM officers WHERE id IN (SELECT unnest(ids)));
    IF cardinality(ids) = 0 THEN RETURN; END IF;
    INSERT INTO promotion_histories (officer_id, records)
    SELECT id, '[[], [], [], [], [], [], [], []]' FROM unnest(ids) AS chosen (id) ORDER BY id
    ON CONFLICT (officer_id) DO NOTHING;
    PERFORM 1 FROM promotion_histories WHERE officer_id IN (SELECT unnest(ids)) ORDER BY officer_id FOR UPDATE;
    INSERT INTO promotion_histories SELECT * FROM promotion_histories_of(ids)
    ON CONFLICT (officer_id) DO UPDATE SET records = excluded.records;
END;
$$;

-- The officers whose rows the current transaction must rewrite before it commits, one row per
-- changing statement. Rows are seen only by the transaction that wrote them, which removes them
-- when it rewrites; unlogged, since they never outlive a transaction.
CREATE UNLOGGED TABLE promotion_histories_due (officer_ids bigint[] NOT NULL);

-- Rewrites the rows the current transaction has made due. Runs at commit, once per
-- transaction (readers do not call it: they compute their own transaction's due rows on the fly).
CREATE FUNCTION flush_promotion_histories() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[];
BEGIN
    WITH due AS (DELETE FROM promotion_histories_due RETURNING officer_ids)
    SELECT ARRAY(SELECT DISTINCT unnest(officer_ids) FROM due ORDER BY 1) INTO ids;
    PERFORM refresh_promotion_histories(ids);
END;
$$;

-- The rows of the officers whose records the current transaction has changed, computed afresh
-- (the kept ones are rewritten at commit): what a reader joins over the kept rows to read its own
-- changes. PL/pgSQL, so that a reader's plan does not inline the computation.
CREATE FUNCTION own_due_promotion_histories() RETURNS SETOF promotion_histories
LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM promotion_histories_due) THEN RETURN; END IF;
    RETURN QUERY SELECT * FROM promotion_histories_of(ARRAY(SELECT unnest(officer_ids) FROM promotion_histories_due));
END;
$$;

CREATE FUNCTION promotion_histories_at_commit() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- Once the first firing has rewritten every due row, the others stop here.
    IF NOT EXISTS (SELECT FROM promotion_histories_due WHERE ctid = NEW.ctid) THEN RETURN NULL; END IF;
    PERFORM flush_promotion_histories();
    RETURN NULL;
END;
$$;

-- Fired at commit for each statement that made rows due; the first rewrites them all, the
-- others find nothing left.
CREATE CONSTRAINT TRIGGER promotion_histories_due_at_commit
    AFTER INSERT ON promotion_histories_due DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION promotion_histories_at_commit();

-- After a statement changes a record table: the officers it touched, from its transition tables
-- (rows after an insert or update, rows before an update or delete), are due.
CREATE FUNCTION promotion_histories_after_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[] := '{}';
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN ids := ids || ARRAY(SELECT officer_id FROM records_after); END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN ids := ids || ARRAY(SELECT officer_id FROM records_before); END IF;
    IF cardinality(ids) > 0 THEN
        INSERT INTO promotion_histories_due VALUES (ARRAY(SELECT DISTINCT unnest(ids)));
    END IF;
    RETURN NULL;
END;
$$;

-- A table emptied at once: every officer's row is due.
CREATE FUNCTION promotion_histories_after_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO promotion_histories_due SELECT ARRAY(SELECT id FROM officers);
    RETURN NULL;
END;
$$;

DO $$
DECLARE
    record_table text;
BEGIN
    FOREACH record_table IN ARRAY ARRAY[
        'rank_history', 'post_history', 'assessments', 'sanctions', 'merits', 'qualifications',
        'certificates', 'college_training'
    ] LOOP
        EXECUTE format(
            'CREATE TRIGGER %1$s_promotion_insert AFTER INSERT ON %1$I REFERENCING NEW TABLE AS records_after '
            'FOR EACH STATEMENT EXECUTE FUNCTION promotion_histories_after_change()', record_table);
        EXECUTE format(
            'CREATE TRIGGER %1$s_promotion_update AFTER UPDATE ON %1$I '
            'REFERENCING OLD TABLE AS records_before NEW TABLE AS records_after '
            'FOR EACH STATEMENT EXECUTE FUNCTION promotion_histories_after_change()', record_table);
        EXECUTE format(
            'CREATE TRIGGER %1$s_promotion_delete AFTER DELETE ON %1$I REFERENCING OLD TABLE AS records_before '
            'FOR EACH STATEMENT EXECUTE FUNCTION promotion_histories_after_change()', record_table);
        EXECUTE format(
            'CREATE TRIGGER %1$s_promotion_truncate AFTER TRUNCATE ON %1$I '
            'FOR EACH STATEMENT EXECUTE FUNCTION promotion_histories_after_truncate()', record_table);
    END LOOP;
END;
$$;

INSERT INTO promotion_histories SELECT * FROM promotion_histories_of(ARRAY(SELECT id FROM officers));
