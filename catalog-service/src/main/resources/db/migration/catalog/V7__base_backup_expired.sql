-- Issue 17, retention: a base backup the wal-archiver's retention deleted (it finished before the recoverableFrom of
-- a wal.status) stays listed as EXPIRED, with everything it was announced with; it no longer counts for the window.
alter table base_backup drop constraint if exists base_backup_status_check;
alter table base_backup add constraint base_backup_status_check check (status in ('COMPLETED', 'EXPIRED', 'FAILED'));
