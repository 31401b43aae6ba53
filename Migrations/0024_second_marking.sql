-- Double marking: a position of an exam with `second_marking` is marked by two people, and by a
-- moderator when their marks disagree beyond the tolerance. Each person holds one role per
-- position; a pending position records what it waits for, so the marking queue can say.
ALTER TABLE manual_marks
    ADD COLUMN role text NOT NULL DEFAULT 'first' CHECK (role IN ('first', 'second', 'moderator'));
ALTER TABLE manual_marks DROP CONSTRAINT manual_marks_pkey;
ALTER TABLE manual_marks ADD PRIMARY KEY (attempt_id, position, role);
ALTER TABLE manual_marks ADD CONSTRAINT manual_marks_one_role_per_marker UNIQUE (attempt_id, position, marker);
ALTER TABLE manual_marks ALTER COLUMN role DROP DEFAULT;

ALTER TABLE item_marks
    ADD COLUMN awaiting text CHECK (awaiting IN ('mark', 'second_mark', 'moderation'));
UPDATE item_marks SET awaiting = 'mark' WHERE method = 'pending';
ALTER TABLE item_marks ADD CONSTRAINT item_marks_pending_awaits CHECK ((method = 'pending') = (awaiting IS NOT NULL));
