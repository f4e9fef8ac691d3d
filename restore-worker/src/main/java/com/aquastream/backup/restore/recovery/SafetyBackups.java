package com.aquastream.backup.restore.recovery;

import com.aquastream.backup.events.RestoreRequested;

/**
 * Takes the PRE_RESTORE backup of the target schema before a restore replaces it, so every restore can be undone
 * by restoring that backup. Event-driven: asks the backup-worker and waits for its answer.
 */
public interface SafetyBackups {

    /** How the safety backup ended. */
    sealed interface Outcome {
        record Taken(String key) implements Outcome {
        }

        record Failed(String reason) implements Outcome {
        }
    }

    Outcome take(RestoreRequested command, String targetDatabase);
}
