package com.aquastream.backup.catalog.clusters.kafka;

import com.aquastream.backup.catalog.clusters.ClusterArchives;
import com.aquastream.backup.core.consumer.RecordHandler;
import com.aquastream.backup.core.kafka.EventRecordHandler;
import com.aquastream.backup.core.platform.Jobs;
import com.aquastream.backup.events.BaseBackupCompleted;
import com.aquastream.backup.events.BaseBackupFailed;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.events.WalArchived;
import com.aquastream.backup.events.WalStatus;

/**
 * Inbound adapters of the wal-archiver's results, one per topic: each decodes its event and hands it to the catalog,
 * nothing else. The platform's job consumer runs them with its one retry and dead-letter policy ({@link Jobs}).
 */
public final class ClusterEventHandlers {

    private ClusterEventHandlers() {
    }

    /** {@code basebackup.completed}: a base backup a recovery can start from. */
    public static RecordHandler baseBackupCompleted(ClusterArchives archives) {
        return EventRecordHandler.of(BaseBackupCompleted.class, event -> Jobs.recording(
                Topics.BASEBACKUP_COMPLETED + " " + event.eventId(), () -> archives.completed(event)));
    }

    /** {@code basebackup.failed}: a base backup that stored nothing. */
    public static RecordHandler baseBackupFailed(ClusterArchives archives) {
        return EventRecordHandler.of(BaseBackupFailed.class, event -> Jobs.recording(
                Topics.BASEBACKUP_FAILED + " " + event.eventId(), () -> archives.failed(event)));
    }

    /**
     * {@code wal.status}: the archiver's heartbeat; the catalog reads what its retention left in the store
     * ({@code recoverableFrom}).
     */
    public static RecordHandler walStatus(ClusterArchives archives) {
        return EventRecordHandler.of(WalStatus.class, event -> Jobs.recording(
                Topics.WAL_STATUS + " " + event.eventId(), () -> archives.status(event)));
    }

    /** {@code wal.archived}: a WAL segment (or a snapshot of the one being received) stored. */
    public static RecordHandler walArchived(ClusterArchives archives) {
        return EventRecordHandler.of(WalArchived.class, event -> Jobs.recording(
                Topics.WAL_ARCHIVED + " " + event.eventId(), () -> archives.archived(event)));
    }
}
