-- The clusters whose WAL the wal-archiver archives, as far as this service has heard of them (any of their events):
-- when first heard of and when their last wal.status heartbeat happened (its occurredAt), for the dead-man's switch
-- wal-status-missing. A cluster no longer archived stays watched until its row is deleted:
--   delete from wal_cluster where cluster = 'old';
create table wal_cluster (
    cluster        text primary key,
    first_heard_at timestamptz not null,
    last_status_at timestamptz
);
