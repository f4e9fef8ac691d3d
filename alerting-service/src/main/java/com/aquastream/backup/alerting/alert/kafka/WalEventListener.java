package com.aquastream.backup.alerting.alert.kafka;

import com.aquastream.backup.alerting.alert.Alerting;
import com.aquastream.backup.core.consumer.RecordHandler;
import com.aquastream.backup.core.kafka.EventRecordHandler;
import com.aquastream.backup.core.platform.Jobs;
import com.aquastream.backup.events.BaseBackupCompleted;
import com.aquastream.backup.events.BaseBackupFailed;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.events.WalArchived;
import com.aquastream.backup.events.WalStatus;
import java.util.Map;

/** Inbound adapter for the wal-archiver's streams: its heartbeats, archived segments and base backup results. */
final class WalEventListener {

    private WalEventListener() {
    }

    static Map<String, RecordHandler> handlers(Alerting alerting) {
        return Map.of(
                Topics.WAL_STATUS, EventRecordHandler.of(WalStatus.class,
                        event -> Jobs.recording("wal.status " + event.eventId(), () -> alerting.handle(event))),
                Topics.WAL_ARCHIVED, EventRecordHandler.of(WalArchived.class,
                        event -> Jobs.recording("wal.archived " + event.eventId(), () -> alerting.handle(event))),
                Topics.BASEBACKUP_COMPLETED, EventRecordHandler.of(BaseBackupCompleted.class,
                        event -> Jobs.recording("basebackup.completed " + event.eventId(),
                                () -> alerting.handle(event))),
                Topics.BASEBACKUP_FAILED, EventRecordHandler.of(BaseBackupFailed.class,
                        event -> Jobs.recording("basebackup.failed " + event.eventId(),
                                () -> alerting.handle(event))));
    }
}
