-- Posts fetched from configured sources, their images, and each source's refresh state.

-- Which configured source a post came from (NULL for seeded or hand-written posts), and whether
-- the account pinned it; a source's refresh replaces exactly its own rows.
ALTER TABLE updates ADD COLUMN source TEXT NULL;
ALTER TABLE updates ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1));
CREATE INDEX updates_by_source ON updates (source);

-- Images of posts and avatars, fetched once and served from here under `/v1/media/{id}`.
-- `id` is derived from `source_url`, whose content platforms never change.
CREATE TABLE media (
    id           TEXT PRIMARY KEY NOT NULL,
    source_url   TEXT NOT NULL UNIQUE,
    content_type TEXT NOT NULL
        CHECK (content_type IN ('image/png', 'image/jpeg', 'image/gif', 'image/webp')),
    bytes        BLOB NOT NULL,
    fetched_at   TEXT NOT NULL
) STRICT;

-- The last good answer to each upstream URL, with its validators for conditional requests.
CREATE TABLE http_cache (
    url           TEXT PRIMARY KEY NOT NULL,
    etag          TEXT NULL,
    last_modified TEXT NULL,
    body          BLOB NOT NULL,
    fetched_at    TEXT NOT NULL
) STRICT;

-- One row per configured source: when it was last tried and how that went.
CREATE TABLE source_state (
    name                 TEXT PRIMARY KEY NOT NULL,
    last_attempt         TEXT NULL,
    last_success         TEXT NULL,
    last_error           TEXT NULL,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    -- No attempt before this time (the interval, or a backoff after a failure).
    next_attempt         TEXT NULL
) STRICT;
