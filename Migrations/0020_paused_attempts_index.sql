-- The deadline service looks for paused attempts whose sitting has ended on every round: a
-- small partial index keeps that a lookup among the few paused ones, not a scan of all attempts.
CREATE INDEX attempts_paused_active ON attempts (sitting_id) WHERE status = 'active' AND paused_at IS NOT NULL;
