-- Issue 17: the clusters' base backups and WAL archive (the wal-archiver's basebackup.completed / .failed and
-- wal.archived), so an operator sees each cluster's point-in-time window.

-- One row per base backup: COMPLETED (backup_id = the event's backupId) or FAILED (backup_id = the failure event's
-- id; only request_id, attempt, retryable and reason are set). A base backup is taken daily or by hand, so the table
-- grows like the backup table.
create table base_backup (
    backup_id         uuid        primary key,
    cluster_name      text        not null,
    status            text        not null check (status in ('COMPLETED', 'FAILED')),
    request_id        uuid,
    object_key        text,
    store             text,
    timeline          bigint,
    start_lsn         pg_lsn,
    end_lsn           pg_lsn,
    started_at        timestamptz,
    finished_at       timestamptz,                    -- FAILED: when the failure was announced
    size_bytes        bigint,
    sha256            text,
    compression       text,
    server_version    text,
    manifest_verified boolean,
    attempt           integer,
    retryable         boolean,
    reason            text,
    recorded_at       timestamptz not null,
    check (status = 'FAILED' or (object_key is not null and timeline is not null and start_lsn is not null
                                 and end_lsn is not null and finished_at is not null and sha256 is not null))
);
create index base_backup_cluster on base_backup (cluster_name, finished_at desc);

-- The WAL archive as one summary row per cluster and timeline, not a row per segment: the archiver ships a 16 MB
-- segment every few minutes on a busy cluster and a partial snapshot far more often, and the catalog never hears a
-- segment deleted, so per-segment rows would grow without end. The store itself is the segment inventory; the catalog
-- keeps what the point-in-time window needs: the first and last completed segment, how many it counted, the end of
-- the archived WAL (completed and partial) and when WAL was last stored. Timelines change only on a promotion.
create table wal_timeline (
    cluster_name         text        not null,
    timeline             bigint      not null,
    first_segment        text,                         -- null while only partial snapshots arrived
    last_segment         text,
    segments             bigint      not null check (segments >= 0),
    last_segment_end_lsn pg_lsn,
    first_archived_at    timestamptz not null,
    last_archived_at     timestamptz not null,       -- newest event of a completed segment or a partial snapshot
    partial_segment      text,                         -- the newest partial snapshot only
    partial_end_lsn      pg_lsn,
    partial_archived_at  timestamptz,
    updated_at           timestamptz not null,
    primary key (cluster_name, timeline)
);

-- What a point-in-time recovery's restore.completed adds (v1.3): the moment reached, whether the archive ended before
-- as_of, and for a whole cluster where it was recovered to and what the operator does next.
alter table restore add column recovered_to   timestamptz;
alter table restore add column end_of_archive boolean;
alter table restore add column data_directory text;
alter table restore add column next_steps     text;
