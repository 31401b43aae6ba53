-- Regrading reads, made cheap.
--
-- Each result keeps a fingerprint of every stored mark, in position order, so regrading an exam
-- finds the marks a correction changes without reading millions of marks back, and writes only
-- those. NULL (results written before this migration): a regrade compares those marks one by one,
-- as before, and records their digests.
ALTER TABLE results ADD COLUMN mark_digests bigint[];

-- An attempt's form is read back whole (to grade, regrade and show it) and never searched inside:
-- kept as the JSON text it was written as, which PostgreSQL hands back without rebuilding it
-- (turning 100,000 stored jsonb forms back into text took it seconds).
ALTER TABLE attempts ALTER COLUMN form TYPE json USING form::json;
