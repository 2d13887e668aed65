-- Anti-spam challenges that came with a submission, kept until they expire, so that each one
-- is accepted once only, also across several instances that share this database.
CREATE TABLE used_challenges (
    signature  TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    expires_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX used_challenges_by_expiry ON used_challenges (expires_at);
