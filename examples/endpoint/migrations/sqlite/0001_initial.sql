-- The initial schema of the reference endpoint.
-- Every timestamp is RFC 3339 in UTC with whole seconds (`2026-11-26T09:30:00Z`), so that
-- comparing the text compares the times.

-- Service descriptions, one per LeiKa key, and the department that receives their feedback.
CREATE TABLE services (
    leika      TEXT PRIMARY KEY NOT NULL CHECK (length(leika) = 14),
    -- An `ozg_sdk::ServiceDescription` as JSON.
    json       TEXT NOT NULL,
    department TEXT NOT NULL
) STRICT;

-- Normalised posts; `service` is NULL for posts that concern the whole authority.
CREATE TABLE updates (
    id        TEXT PRIMARY KEY NOT NULL,
    service   TEXT NULL,
    published TEXT NOT NULL,
    -- An `ozg_sdk::Update` as JSON.
    json      TEXT NOT NULL
) STRICT;

CREATE INDEX updates_by_service_and_time ON updates (service, published DESC);
CREATE INDEX updates_by_time ON updates (published DESC);

-- Committed feedback submissions.
CREATE TABLE feedback (
    reference     TEXT PRIMARY KEY NOT NULL,
    service       TEXT NOT NULL REFERENCES services (leika),
    found         TEXT NOT NULL CHECK (found IN ('yes', 'partly', 'no')),
    rating        INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    topic         TEXT NOT NULL,
    text          TEXT NOT NULL,
    contact_email TEXT NULL,
    locale        TEXT NOT NULL,
    page_url      TEXT NULL,
    client_time   TEXT NOT NULL,
    received_at   TEXT NOT NULL,
    state         TEXT NOT NULL DEFAULT 'received'
        CHECK (state IN ('received', 'forwarded', 'inProgress', 'answered', 'closed')),
    updated_at    TEXT NOT NULL,
    department    TEXT NOT NULL,
    answer_text   TEXT NULL,
    answered_at   TEXT NULL,
    -- Hex SHA-256 of the status token; the token itself is only in the receipt.
    token_hash    TEXT NOT NULL
) STRICT;

CREATE INDEX feedback_by_department ON feedback (department, received_at);

-- One row per `Idempotency-Key` of `POST /v1/feedback`. The primary key is what keeps two
-- concurrent requests with the same key from both storing feedback.
CREATE TABLE idempotency_keys (
    key         TEXT PRIMARY KEY NOT NULL,
    -- Hex SHA-256 of the raw request body, to tell a retry from a reuse of the key.
    body_hash   TEXT NOT NULL,
    -- `pending` while the first request is in flight, `done` once its feedback is committed.
    state       TEXT NOT NULL CHECK (state IN ('pending', 'done')),
    -- Random id of the request that holds a pending key; NULL once done.
    claim       TEXT NULL,
    claimed_at  TEXT NOT NULL,
    reference   TEXT NULL REFERENCES feedback (reference),
    -- The `ozg_sdk::Receipt` as JSON, token included, to answer retries with the same receipt.
    receipt     TEXT NULL,
    created_at  TEXT NOT NULL,
    CHECK ((state = 'pending') = (receipt IS NULL))
) STRICT;
