package com.aquastream.backup.events;

/** Events of a backup's life: requested, then completed or failed, finally expired. */
public sealed interface BackupEvent extends Event
        permits BackupRequested, BackupCompleted, BackupFailed, BackupExpired {
}
