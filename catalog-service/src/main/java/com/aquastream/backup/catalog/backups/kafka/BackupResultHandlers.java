package com.aquastream.backup.catalog.backups.kafka;

import com.aquastream.backup.catalog.backups.BackupResults;
import com.aquastream.backup.core.consumer.RecordHandler;
import com.aquastream.backup.core.kafka.EventRecordHandler;
import com.aquastream.backup.core.platform.Jobs;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupFailed;
import com.aquastream.backup.events.Topics;

/**
 * Inbound adapters of the workers' backup results, one per topic: each decodes its event and hands it to the catalog,
 * nothing else. The platform's job consumer runs them with its one retry and dead-letter policy ({@link Jobs}): a
 * malformed record, an invalid name or an untrusted result goes to {@code <topic>.DLT} at once, a database outage is
 * delivered again.
 */
public final class BackupResultHandlers {

    private BackupResultHandlers() {
    }

    /** {@code backup.completed}: a backup to record (retention runs after it). */
    public static RecordHandler completed(BackupResults results) {
        return EventRecordHandler.of(BackupCompleted.class, event -> Jobs.recording(
                Topics.BACKUP_COMPLETED + " " + event.eventId(), () -> results.completed(event)));
    }

    /** {@code backup.failed}: a failed or refused backup request. */
    public static RecordHandler failed(BackupResults results) {
        return EventRecordHandler.of(BackupFailed.class, event -> Jobs.recording(
                Topics.BACKUP_FAILED + " " + event.eventId(), () -> results.failed(event)));
    }
}
