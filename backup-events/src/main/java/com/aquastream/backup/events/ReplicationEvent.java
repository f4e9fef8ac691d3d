package com.aquastream.backup.events;

/** Events of the offsite copy of a backup object. */
public sealed interface ReplicationEvent extends Event permits BackupReplicated, ReplicationFailed {
}
