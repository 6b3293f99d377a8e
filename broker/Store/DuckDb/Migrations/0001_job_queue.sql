-- The job queue (DESIGN §4) on DuckDB. Times are microseconds since the Unix epoch.
-- No PRIMARY KEY or UNIQUE index: DuckDB maintains ART indexes and ON CONFLICT row by row, which costs more than the
-- whole set-based batch. The store's single writer assigns ids and enforces unique materialization keys instead, and
-- ids grow with insertion order, so zone maps prune scans by id and by state (old row groups are all final).
CREATE TABLE jobs (
    id                  BIGINT   NOT NULL,
    materialization_key VARCHAR  NOT NULL,
    source_hash         VARCHAR  NOT NULL,
    plugin              VARCHAR  NOT NULL,
    priority            INTEGER  NOT NULL DEFAULT 0,
    state               SMALLINT NOT NULL DEFAULT 0,
    worker_id           VARCHAR,
    lease_expires_us    BIGINT,
    not_before_us       BIGINT   NOT NULL,
    attempts            INTEGER  NOT NULL DEFAULT 0,
    retries             INTEGER  NOT NULL DEFAULT 0,
    rejections          INTEGER  NOT NULL DEFAULT 0,
    worker_losses       INTEGER  NOT NULL DEFAULT 0,
    abort_requested     BOOLEAN  NOT NULL DEFAULT false,
    poisoned            BOOLEAN  NOT NULL DEFAULT false,
    reason              VARCHAR,
    created_us          BIGINT   NOT NULL,
    updated_us          BIGINT   NOT NULL
);

-- Crashes per file version, for the poison-input rule.
CREATE TABLE source_crashes (
    source_hash VARCHAR PRIMARY KEY,
    crashes     INTEGER NOT NULL
);
