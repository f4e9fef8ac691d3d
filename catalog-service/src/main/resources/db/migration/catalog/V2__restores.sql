-- Restores and verification drills (issue 4): what the catalog asked the restore-worker to do, and what came of it.

-- The outcome of the newest failed verification drill of a backup (verified_at, from V1, holds the newest success).
alter table backup add column verification_failed_at timestamptz;
alter table backup add column verification_failure   text;

-- One row per restore command the catalog issued (API, restore-all, drills), and per restore others issued that the
-- catalog heard the outcome of (those rows have no request fields). Status moves REQUESTED -> one terminal state.
create table restore (
    restore_id       uuid        primary key,
    batch_id         uuid,                                   -- shared by the commands of one restore-all
    database_name    text        not null,
    schema_name      text        not null,
    backup_id        uuid,
    object_key       text,
    target_database  text,                                   -- null: the source database
    mode             text        check (mode in ('RESTORE', 'VERIFY')),
    safety_backup    boolean,
    force            boolean,
    as_of            timestamptz,
    requested_by     text,
    requested_at     timestamptz,
    status           text        not null check (status in ('REQUESTED', 'COMPLETED', 'VERIFIED', 'FAILED', 'REJECTED')),
    reason           text,
    duration_ms      bigint,
    finished_at      timestamptz,
    updated_at       timestamptz not null
);
create index restore_batch on restore (batch_id) where batch_id is not null;
create index restore_recent on restore (updated_at desc);
