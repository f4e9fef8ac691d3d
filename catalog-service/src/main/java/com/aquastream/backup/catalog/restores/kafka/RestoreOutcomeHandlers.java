package com.aquastream.backup.catalog.restores.kafka;

import com.aquastream.backup.catalog.restores.RestoreOutcomes;
import com.aquastream.backup.core.consumer.RecordHandler;
import com.aquastream.backup.core.kafka.EventRecordHandler;
import com.aquastream.backup.core.platform.Jobs;
import com.aquastream.backup.events.RestoreCompleted;
import com.aquastream.backup.events.RestoreFailed;
import com.aquastream.backup.events.RestoreRejected;
import com.aquastream.backup.events.RestoreVerified;
import com.aquastream.backup.events.Topics;

/**
 * Inbound adapters of the restore-worker's answers, one per topic: each decodes its event and hands it to the catalog,
 * nothing else. The platform's job consumer runs them with its one retry and dead-letter policy ({@link Jobs}).
 */
public final class RestoreOutcomeHandlers {

    private RestoreOutcomeHandlers() {
    }

    /** {@code restore.completed}: a completed restore. */
    public static RecordHandler completed(RestoreOutcomes outcomes) {
        return EventRecordHandler.of(RestoreCompleted.class, event -> Jobs.recording(
                Topics.RESTORE_COMPLETED + " " + event.eventId(), () -> outcomes.completed(event)));
    }

    /** {@code restore.verified}: a verification drill that found every table's rows; sets the backup's verifiedAt. */
    public static RecordHandler verified(RestoreOutcomes outcomes) {
        return EventRecordHandler.of(RestoreVerified.class, event -> Jobs.recording(
                Topics.RESTORE_VERIFIED + " " + event.eventId(), () -> outcomes.verified(event)));
    }

    /** {@code restore.failed}: a failed restore or drill. */
    public static RecordHandler failed(RestoreOutcomes outcomes) {
        return EventRecordHandler.of(RestoreFailed.class, event -> Jobs.recording(
                Topics.RESTORE_FAILED + " " + event.eventId(), () -> outcomes.failed(event)));
    }

    /** {@code restore.rejected}: a refused command; a checksum mismatch marks the backup CORRUPT. */
    public static RecordHandler rejected(RestoreOutcomes outcomes) {
        return EventRecordHandler.of(RestoreRejected.class, event -> Jobs.recording(
                Topics.RESTORE_REJECTED + " " + event.eventId(), () -> outcomes.rejected(event)));
    }
}
