-- An officer has one account: exam-room terminals sign officers in by badge, so a badge must name
-- exactly one account.
CREATE UNIQUE INDEX users_badge_key ON users (badge) WHERE badge IS NOT NULL;
