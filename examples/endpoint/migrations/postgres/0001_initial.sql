-- The initial schema of the reference endpoint, for PostgreSQL: the same tables, columns,
-- constraints and versions as `migrations/sqlite/`, so that the code runs the same queries on
-- both. Every timestamp is RFC 3339 in UTC with whole seconds (`2026-11-26T09:30:00Z`).
-- Text columns compare byte by byte (`COLLATE "C"`), as SQLite does, so that comparing the text
-- of two timestamps compares the times and every ORDER BY sorts as it does on SQLite, whatever
-- the locale of the database. Flags are integers 0 and 1, as in SQLite.

-- Service descriptions, one per LeiKa key, and the department that receives their feedback.
CREATE TABLE services (
    leika      TEXT COLLATE "C" PRIMARY KEY NOT NULL CHECK (length(leika) = 14),
    -- An `ozg_sdk::ServiceDescription` as JSON.
    json       TEXT COLLATE "C" NOT NULL,
    department TEXT COLLATE "C" NOT NULL
);

-- Normalised posts; `service` is NULL for posts that concern the whole authority.
CREATE TABLE updates (
    id        TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    service   TEXT COLLATE "C" NULL,
    published TEXT COLLATE "C" NOT NULL,
    -- An `ozg_sdk::Update` as JSON.
    json      TEXT COLLATE "C" NOT NULL
);

CREATE INDEX updates_by_service_and_time ON updates (service, published DESC);
CREATE INDEX updates_by_time ON updates (published DESC);

-- Committed feedback submissions.
CREATE TABLE feedback (
    reference     TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    service       TEXT COLLATE "C" NOT NULL REFERENCES services (leika),
    found         TEXT COLLATE "C" NOT NULL CHECK (found IN ('yes', 'partly', 'no')),
    rating        INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    topic         TEXT COLLATE "C" NOT NULL,
    text          TEXT COLLATE "C" NOT NULL,
    contact_email TEXT COLLATE "C" NULL,
    locale        TEXT COLLATE "C" NOT NULL,
    page_url      TEXT COLLATE "C" NULL,
    client_time   TEXT COLLATE "C" NOT NULL,
    received_at   TEXT COLLATE "C" NOT NULL,
    state         TEXT COLLATE "C" NOT NULL DEFAULT 'received'
        CHECK (state IN ('received', 'forwarded', 'inProgress', 'answered', 'closed')),
    updated_at    TEXT COLLATE "C" NOT NULL,
    department    TEXT COLLATE "C" NOT NULL,
    answer_text   TEXT COLLATE "C" NULL,
    answered_at   TEXT COLLATE "C" NULL,
    -- Hex SHA-256 of the status token; the token itself is only in the receipt.
    token_hash    TEXT COLLATE "C" NOT NULL
);

CREATE INDEX feedback_by_department ON feedback (department, received_at);

-- One row per `Idempotency-Key` of `POST /v1/feedback`. The primary key is what keeps two
-- concurrent requests with the same key from both storing feedback.
CREATE TABLE idempotency_keys (
    key         TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    -- Hex SHA-256 of the raw request body, to tell a retry from a reuse of the key.
    body_hash   TEXT COLLATE "C" NOT NULL,
    -- `pending` while the first request is in flight, `done` once its feedback is committed.
    state       TEXT COLLATE "C" NOT NULL CHECK (state IN ('pending', 'done')),
    -- Random id of the request that holds a pending key; NULL once done.
    claim       TEXT COLLATE "C" NULL,
    claimed_at  TEXT COLLATE "C" NOT NULL,
    reference   TEXT COLLATE "C" NULL REFERENCES feedback (reference),
    -- The `ozg_sdk::Receipt` as JSON, token included, to answer retries with the same receipt.
    receipt     TEXT COLLATE "C" NULL,
    created_at  TEXT COLLATE "C" NOT NULL,
    CHECK ((state = 'pending') = (receipt IS NULL))
);
