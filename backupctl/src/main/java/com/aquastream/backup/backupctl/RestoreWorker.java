package com.aquastream.backup.backupctl;

import java.util.List;
import java.util.UUID;

/**
 * The restore-worker's own report of the restores it runs right now ({@code GET /actuator/restores}, exposed when its
 * {@code MANAGEMENT_ENDPOINTS} lists {@code restores}, as bin/run-local starts it). Best effort: with several workers,
 * none reachable or the endpoint not exposed, the list is empty and the commands print only the events.
 */
interface RestoreWorker {

    /** The running restores; empty when the worker cannot be asked. */
    List<RunningRestore> running();

    /**
     * One running restore as the worker reports it.
     *
     * @param step         {@code LOCATING_ARCHIVE DOWNLOADING SAFETY_BACKUP RESTORING VERIFYING}
     * @param archiveBytes the downloaded and verified archive's size, 0 until then
     */
    record RunningRestore(UUID restoreId, String mode, String source, String target, String step,
                          long runningSeconds, long archiveBytes) {
    }
}
