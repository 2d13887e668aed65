-- Posts fetched from configured sources, their images, and each source's refresh state.

-- Which configured source a post came from (NULL for seeded or hand-written posts), and whether
-- the account pinned it; a source's refresh replaces exactly its own rows.
ALTER TABLE updates ADD COLUMN source TEXT COLLATE "C" NULL;
ALTER TABLE updates ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1));
CREATE INDEX updates_by_source ON updates (source);

-- Images of posts and avatars, fetched once and served from here under `/v1/media/{id}`.
-- `id` is derived from `source_url`, whose content platforms never change.
CREATE TABLE media (
    id           TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    source_url   TEXT COLLATE "C" NOT NULL UNIQUE,
    content_type TEXT COLLATE "C" NOT NULL
        CHECK (content_type IN ('image/png', 'image/jpeg', 'image/gif', 'image/webp')),
    bytes        BYTEA NOT NULL,
    fetched_at   TEXT COLLATE "C" NOT NULL
);

-- The last good answer to each upstream URL, with its validators for conditional requests.
CREATE TABLE http_cache (
    url           TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    etag          TEXT COLLATE "C" NULL,
    last_modified TEXT COLLATE "C" NULL,
    body          BYTEA NOT NULL,
    fetched_at    TEXT COLLATE "C" NOT NULL
);

-- One row per configured source: when it was last tried and how that went.
CREATE TABLE source_state (
    name                 TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    last_attempt         TEXT COLLATE "C" NULL,
    last_success         TEXT COLLATE "C" NULL,
    last_error           TEXT COLLATE "C" NULL,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    -- No attempt before this time (the interval, or a backoff after a failure).
    next_attempt         TEXT COLLATE "C" NULL
);
