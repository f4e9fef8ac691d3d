package com.aquastream.backup.alerting.alert.kafka;

import com.aquastream.backup.alerting.alert.Alerting;
import com.aquastream.backup.core.consumer.RecordHandler;
import com.aquastream.backup.core.kafka.EventRecordHandler;
import com.aquastream.backup.core.platform.Jobs;
import com.aquastream.backup.events.RestoreCompleted;
import com.aquastream.backup.events.RestoreFailed;
import com.aquastream.backup.events.RestoreRejected;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.events.RestoreVerified;
import com.aquastream.backup.events.Topics;
import java.util.Map;

/** Inbound adapter for the restore stream; {@code restore.requested} is read only to learn each command's mode. */
final class RestoreEventListener {

    private RestoreEventListener() {
    }

    static Map<String, RecordHandler> handlers(Alerting alerting) {
        return Map.of(
                Topics.RESTORE_REQUESTED, EventRecordHandler.of(RestoreRequested.class,
                        event -> Jobs.recording("restore.requested " + event.eventId(), () -> alerting.handle(event))),
                Topics.RESTORE_COMPLETED, EventRecordHandler.of(RestoreCompleted.class,
                        event -> Jobs.recording("restore.completed " + event.eventId(), () -> alerting.handle(event))),
                Topics.RESTORE_VERIFIED, EventRecordHandler.of(RestoreVerified.class,
                        event -> Jobs.recording("restore.verified " + event.eventId(), () -> alerting.handle(event))),
                Topics.RESTORE_FAILED, EventRecordHandler.of(RestoreFailed.class,
                        event -> Jobs.recording("restore.failed " + event.eventId(), () -> alerting.handle(event))),
                Topics.RESTORE_REJECTED, EventRecordHandler.of(RestoreRejected.class,
                        event -> Jobs.recording("restore.rejected " + event.eventId(), () -> alerting.handle(event))));
    }
}
