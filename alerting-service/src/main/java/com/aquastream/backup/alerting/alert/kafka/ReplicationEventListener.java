package com.aquastream.backup.alerting.alert.kafka;

import com.aquastream.backup.alerting.alert.Alerting;
import com.aquastream.backup.core.consumer.RecordHandler;
import com.aquastream.backup.core.kafka.EventRecordHandler;
import com.aquastream.backup.core.platform.Jobs;
import com.aquastream.backup.events.BackupReplicated;
import com.aquastream.backup.events.ReplicationFailed;
import com.aquastream.backup.events.Topics;
import java.util.Map;

/** Inbound adapter for the offsite replication stream. */
final class ReplicationEventListener {

    private ReplicationEventListener() {
    }

    static Map<String, RecordHandler> handlers(Alerting alerting) {
        return Map.of(
                Topics.BACKUP_REPLICATED, EventRecordHandler.of(BackupReplicated.class,
                        event -> Jobs.recording("backup.replicated " + event.eventId(), () -> alerting.handle(event))),
                Topics.REPLICATION_FAILED, EventRecordHandler.of(ReplicationFailed.class,
                        event -> Jobs.recording("replication.failed " + event.eventId(),
                                () -> alerting.handle(event))));
    }
}
