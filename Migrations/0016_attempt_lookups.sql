-- Starting an attempt counts the officer's earlier attempts at the exam and looks for one still
-- open; without this index each start scanned every attempt, so a start spike grew quadratically.
-- (From this version attempts.form holds the form's entries only — position, section, item id,
-- points, option order; the items themselves are the pinned bank version's, which never change.)
CREATE INDEX attempts_by_officer ON attempts (officer_id, exam_code);
