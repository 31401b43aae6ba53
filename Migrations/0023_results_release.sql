-- Results of an exam whose review policy is `none` are withheld from candidates until a trainer
-- releases them, sitting by sitting, once every attempt is finally marked.
ALTER TABLE sittings
    ADD COLUMN results_released_at timestamptz,
    ADD COLUMN results_released_by text;
