-- Issue 17: restore.requested gains mode PITR (a schema's, or with schema pg_cluster the whole cluster's, state at
-- as_of, recovered from base backups and archived WAL). The inline check of V2 is named restore_mode_check.
alter table restore drop constraint if exists restore_mode_check;
alter table restore add constraint restore_mode_check check (mode in ('RESTORE', 'VERIFY', 'PITR'));
