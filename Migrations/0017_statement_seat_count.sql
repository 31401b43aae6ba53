-- Count seats once per statement instead of once per row: enrolling a room of thousands in one
-- statement used to update the sitting's row once per candidate, leaving thousands of dead
-- versions for every later read of the sitting to step over. The count stays relative
-- (enrolled + change), so concurrent statements add up, and the sittings_seats check still
-- refuses the one too many.
DROP TRIGGER sitting_enrollments_count ON sitting_enrollments;
DROP FUNCTION count_sitting_seats();

CREATE FUNCTION count_inserted_seats() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE sittings s SET enrolled = s.enrolled + added.seats
    FROM (SELECT sitting_id, count(*)::int AS seats FROM inserted_enrollments
          WHERE status = 'enrolled' GROUP BY sitting_id) added
    WHERE s.id = added.sitting_id;
    RETURN NULL;
END;
$$;

CREATE FUNCTION count_changed_seats() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE sittings s SET enrolled = s.enrolled + changed.seats
    FROM (SELECT after.sitting_id,
                 sum(CASE WHEN after.status = 'enrolled' THEN 1 ELSE -1 END)::int AS seats
          FROM changed_after after
          JOIN changed_before before ON before.sitting_id = after.sitting_id AND before.officer_id = after.officer_id
          WHERE before.status IS DISTINCT FROM after.status
          GROUP BY after.sitting_id) changed
    WHERE s.id = changed.sitting_id AND changed.seats <> 0;
    RETURN NULL;
END;
$$;

CREATE TRIGGER sitting_enrollments_count_inserted
    AFTER INSERT ON sitting_enrollments REFERENCING NEW TABLE AS inserted_enrollments
    FOR EACH STATEMENT EXECUTE FUNCTION count_inserted_seats();
CREATE TRIGGER sitting_enrollments_count_changed
    AFTER UPDATE ON sitting_enrollments REFERENCING OLD TABLE AS changed_before NEW TABLE AS changed_after
    FOR EACH STATEMENT EXECUTE FUNCTION count_changed_seats();
