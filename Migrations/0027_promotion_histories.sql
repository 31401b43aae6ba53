-- Each officer's promotion-relevant records, aggregated once and kept up to date by triggers.
--
-- Readiness for a whole force used to aggregate every history and record table (1.25 million
-- rows for 100,000 officers) on each query: about a second of one core in PostgreSQL before the
-- first verdict. Records change rarely and are read often, so each officer's records are now
-- kept aggregated in one row, rewritten by the statement that changes them, and readiness reads
-- one row per officer.
--
-- The arrays of one table line up element by element and are ordered by that table's key, so
-- a row is the same however its records were written. Dates are day numbers since 2000-01-01; a
-- missing date is -2147483648 (arrays hold no nulls here). An officer with no records has no
-- row, or a row of nulls.
CREATE TABLE promotion_histories (
    officer_id bigint PRIMARY KEY REFERENCES officers (id),
    rank_codes text[], rank_days integer[],
    post_codes text[], post_days integer[],
    assessment_years integer[], assessment_grades text[],
    sanction_kinds text[], sanction_starts integer[], sanction_ends integer[], sanction_revoked boolean[],
    merit_kinds text[], merit_days integer[],
    qualification_levels text[], qualification_passed integer[], qualification_until integer[],
    certificate_codes text[], certificate_issued integer[], certificate_until integer[], certificate_revoked integer[],
    college_ranks text[], college_days integer[]
);

-- The rows of promotion_histories for these officers, computed from the record tables.
CREATE FUNCTION promotion_histories_of(ids bigint[]) RETURNS SETOF promotion_histories
LANGUAGE sql STABLE AS $$
    WITH chosen AS MATERIALIZED (SELECT DISTINCT id FROM unnest(ids) AS i (id))
    SELECT c.id, rh.codes, rh.days, ph.codes, ph.days, a.years, a.grades,
           s.kinds, s.starts, s.ends, s.revoked, m.kinds, m.days,
           q.levels, q.passed, q.until, t.codes, t.issued, t.until, t.revoked, ct.ranks, ct.days
    FROM chosen c
    LEFT JOIN (
        SELECT officer_id, array_agg(rank_code ORDER BY since, rank_code) codes,
               array_agg(since - DATE '2000-01-01' ORDER BY since, rank_code) days
        FROM rank_history WHERE officer_id IN (SELECT id FROM chosen) GROUP BY officer_id
    ) rh ON rh.officer_id = c.id
    LEFT JOIN (
        SELECT officer_id, array_agg(post_code ORDER BY since, post_code) codes,
               array_agg(since - DATE '2000-01-01' ORDER BY since, post_code) days
        FROM post_history WHERE officer_id IN (SELECT id FROM chosen) GROUP BY officer_id
    ) ph ON ph.officer_id = c.id
    LEFT JOIN (
        SELECT officer_id, array_agg(year ORDER BY year) years, array_agg(grade ORDER BY year) grades
        FROM assessments WHERE officer_id IN (SELECT id FROM chosen) GROUP BY officer_id
    ) a ON a.officer_id = c.id
    LEFT JOIN (
        SELECT officer_id, array_agg(kind ORDER BY kind, starts) kinds,
               array_agg(starts - DATE '2000-01-01' ORDER BY kind, starts) starts,
               array_agg(COALESCE(ends - DATE '2000-01-01', -2147483648) ORDER BY kind, starts) ends,
               array_agg(revoked ORDER BY kind, starts) revoked
        FROM sanctions WHERE officer_id IN (SELECT id FROM chosen) GROUP BY officer_id
    ) s ON s.officer_id = c.id
    LEFT JOIN (
        SELECT officer_id, array_agg(kind ORDER BY kind, awarded) kinds,
               array_agg(awarded - DATE '2000-01-01' ORDER BY kind, awarded) days
        FROM merits WHERE officer_id IN (SELECT id FROM chosen) GROUP BY officer_id
    ) m ON m.officer_id = c.id
    LEFT JOIN (
        SELECT officer_id, array_agg(level ORDER BY level, passed) levels,
               array_agg(passed - DATE '2000-01-01' ORDER BY level, passed) passed,
               array_agg(COALESCE(valid_until - DATE '2000-01-01', -2147483648) ORDER BY level, passed) until
        FROM qualifications WHERE officer_id IN (SELECT id FROM chosen) GROUP BY officer_id
    ) q ON q.officer_id = c.id
    LEFT JOIN (
        SELECT officer_id, array_agg(certificate ORDER BY certificate, issued) codes,
               array_agg(issued - DATE '2000-01-01' ORDER BY certificate, issued) issued,
               array_agg(COALESCE(valid_until - DATE '2000-01-01', -2147483648) ORDER BY certificate, issued) until,
               array_agg(COALESCE(revoked_on - DATE '2000-01-01', -2147483648) ORDER BY certificate, issued) revoked
        FROM certificates WHERE officer_id IN (SELECT id FROM chosen) GROUP BY officer_id
    ) t ON t.officer_id = c.id
    LEFT JOIN (
        SELECT officer_id, array_agg(rank_code ORDER BY rank_code, completed) ranks,
               array_agg(completed - DATE '2000-01-01' ORDER BY rank_code, completed) days
        FROM college_training WHERE officer_id IN (SELECT id FROM chosen) GROUP BY officer_id
    ) ct ON ct.officer_id = c.id
$$;

-- Rewrites these officers' rows. The officers' rows are locked first (FOR NO KEY UPDATE, which
-- does not stop foreign-key checks), so two transactions changing one officer's records take
-- turns, and the second reads the first's records (a new snapshot per statement) before it
-- writes the row.
CREATE FUNCTION refresh_promotion_histories(ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF cardinality(ids) = 0 THEN RETURN; END IF;
    PERFORM 1 FROM officers WHERE id IN (SELECT unnest(ids)) ORDER BY id FOR NO KEY UPDATE;
    INSERT INTO promotion_histories SELECT * FROM promotion_histories_of(ids)
    ON CONFLICT (officer_id) DO UPDATE SET
        rank_codes = excluded.rank_codes, rank_days = excluded.rank_days,
        post_codes = excluded.post_codes, post_days = excluded.post_days,
        assessment_years = excluded.assessment_years, assessment_grades = excluded.assessment_grades,
        sanction_kinds = excluded.sanction_kinds, sanction_starts = excluded.sanction_starts,
        sanction_ends = excluded.sanction_ends, sanction_revoked = excluded.sanction_revoked,
        merit_kinds = excluded.merit_kinds, merit_days = excluded.merit_days,
        qualification_levels = excluded.qualification_levels,
        qualification_passed = excluded.qualification_passed,
        qualification_until = excluded.qualification_until,
        certificate_codes = excluded.certificate_codes, certificate_issued = excluded.certificate_issued,
        certificate_until = excluded.certificate_until, certificate_revoked = excluded.certificate_revoked,
        college_ranks = excluded.college_ranks, college_days = excluded.college_days;
END;
$$;

-- After a statement changes a record table: the officers it touched, from its transition tables.
CREATE FUNCTION promotion_histories_after_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM refresh_promotion_histories(ARRAY(SELECT DISTINCT officer_id FROM inserted_records));
    RETURN NULL;
END;
$$;

CREATE FUNCTION promotion_histories_after_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM refresh_promotion_histories(ARRAY(
        SELECT officer_id FROM records_before UNION SELECT officer_id FROM records_after));
    RETURN NULL;
END;
$$;

CREATE FUNCTION promotion_histories_after_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM refresh_promotion_histories(ARRAY(SELECT DISTINCT officer_id FROM deleted_records));
    RETURN NULL;
END;
$$;

-- A table emptied at once: every row is rebuilt.
CREATE FUNCTION promotion_histories_after_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM promotion_histories;
    PERFORM refresh_promotion_histories(ARRAY(SELECT id FROM officers));
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
            'CREATE TRIGGER %1$s_promotion_insert AFTER INSERT ON %1$I REFERENCING NEW TABLE AS inserted_records '
            'FOR EACH STATEMENT EXECUTE FUNCTION promotion_histories_after_insert()', record_table);
        EXECUTE format(
            'CREATE TRIGGER %1$s_promotion_update AFTER UPDATE ON %1$I '
            'REFERENCING OLD TABLE AS records_before NEW TABLE AS records_after '
            'FOR EACH STATEMENT EXECUTE FUNCTION promotion_histories_after_update()', record_table);
        EXECUTE format(
            'CREATE TRIGGER %1$s_promotion_delete AFTER DELETE ON %1$I REFERENCING OLD TABLE AS deleted_records '
            'FOR EACH STATEMENT EXECUTE FUNCTION promotion_histories_after_delete()', record_table);
        EXECUTE format(
            'CREATE TRIGGER %1$s_promotion_truncate AFTER TRUNCATE ON %1$I '
            'FOR EACH STATEMENT EXECUTE FUNCTION promotion_histories_after_truncate()', record_table);
    END LOOP;
END;
$$;

SELECT refresh_promotion_histories(ARRAY(SELECT id FROM officers));
