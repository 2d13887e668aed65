-- The outbox of forwards to departments: one row per feedback and channel, inserted in the same
-- transaction as the feedback, so that committed feedback always has its forwards and rolled
-- back feedback never has any. Rows are never deleted; delivered ones stay as the record.

CREATE TABLE forward_outbox (
    -- Random id, sent as `Ozg-Delivery` (webhook) and in the Message-ID (e-mail), the same on
    -- every attempt, so that the receiver can drop a repeated delivery.
    id           TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    reference    TEXT COLLATE "C" NOT NULL REFERENCES feedback (reference),
    channel      TEXT COLLATE "C" NOT NULL CHECK (channel IN ('webhook', 'email')),
    -- The department's name; its URL, secret and address are read from the config at delivery.
    department   TEXT COLLATE "C" NOT NULL,
    state        TEXT COLLATE "C" NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'delivered')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    -- No attempt before this time (right away at first, later the backoff after a failure).
    next_attempt TEXT COLLATE "C" NOT NULL,
    -- A worker that claimed the row; another worker may take it over once `lease_until` passed,
    -- so that the claim of a worker that died is retried.
    lease_owner  TEXT COLLATE "C" NULL,
    lease_until  TEXT COLLATE "C" NULL,
    last_error   TEXT COLLATE "C" NULL,
    created_at   TEXT COLLATE "C" NOT NULL,
    delivered_at TEXT COLLATE "C" NULL,
    UNIQUE (reference, channel),
    CHECK ((state = 'delivered') = (delivered_at IS NOT NULL))
);

CREATE INDEX forward_outbox_due ON forward_outbox (state, next_attempt);
