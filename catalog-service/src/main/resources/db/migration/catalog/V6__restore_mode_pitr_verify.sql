-- Issue 17, the PITR drill: restore.requested mode PITR_VERIFY (the cluster recovered to a backup's snapshot and the
-- schema's row counts compared) is recorded in the restore log like every drill.
alter table restore drop constraint if exists restore_mode_check;
alter table restore add constraint restore_mode_check check (mode in ('RESTORE', 'VERIFY', 'PITR', 'PITR_VERIFY'));
