package com.aquastream.backup.events;

/** Events of a restore command: requested, then completed, verified, failed or rejected. */
public sealed interface RestoreEvent extends Event
        permits RestoreRequested, RestoreCompleted, RestoreVerified, RestoreFailed, RestoreRejected {
}
