package com.aquastream.backup.alerting.alert.kafka;

import com.aquastream.backup.alerting.alert.Alerting;
import com.aquastream.backup.core.consumer.RecordHandler;
import com.aquastream.backup.core.kafka.EventRecordHandler;
import com.aquastream.backup.core.platform.Jobs;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupFailed;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.Topics;
import java.util.Map;

/**
 * Inbound adapter for the backup stream: one handler per topic, each decoding its event type and handing it to the
 * use case once (a record of another type is malformed: dead-lettered at once).
 */
final class BackupEventListener {

    private BackupEventListener() {
    }

    static Map<String, RecordHandler> handlers(Alerting alerting) {
        return Map.of(
                Topics.BACKUP_REQUESTED, EventRecordHandler.of(BackupRequested.class,
                        event -> Jobs.recording("backup.requested " + event.eventId(), () -> alerting.handle(event))),
                Topics.BACKUP_COMPLETED, EventRecordHandler.of(BackupCompleted.class,
                        event -> Jobs.recording("backup.completed " + event.eventId(), () -> alerting.handle(event))),
                Topics.BACKUP_FAILED, EventRecordHandler.of(BackupFailed.class,
                        event -> Jobs.recording("backup.failed " + event.eventId(), () -> alerting.handle(event))));
    }
}
