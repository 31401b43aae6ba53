-- A proctor may stop one candidate's clock (a terminal fails, the candidate is taken ill) and
-- start it again: while paused_at is set the attempt takes no answers and is not handed in at its
-- deadline; resuming moves the deadline on by the time paused.
ALTER TABLE attempts ADD COLUMN paused_at timestamptz;
