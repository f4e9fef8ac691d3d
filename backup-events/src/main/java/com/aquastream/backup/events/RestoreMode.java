package com.aquastream.backup.events;

/**
 * RESTORE replaces the target schema; VERIFY restores into a scratch database and compares row counts; PITR (added
 * in v1.3) replaces the target schema with its state at {@code asOf}, recovered from the cluster's base backup and
 * archived WAL, or, for schema {@code pg_cluster}, recovers the whole cluster to {@code asOf} into a data directory;
 * PITR_VERIFY (added in v1.3, the monthly PITR drill) recovers the cluster to the snapshot of a logical backup (its
 * {@code snapshotLsn}) in a throw-away server and compares the schema's row counts there with the backup's, touching
 * no database.
 */
public enum RestoreMode {
    RESTORE, VERIFY, PITR, PITR_VERIFY
}
