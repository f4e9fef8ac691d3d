package com.aquastream.backup.alerting.alert.kafka;

import com.aquastream.backup.alerting.alert.Alerting;
import com.aquastream.backup.core.consumer.RecordHandler;
import com.aquastream.backup.events.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Kafka inbound adapter as the feature's wiring sees it: the topics the rules need and one record handler per
 * topic (the listeners of each stream, package-private here), to run on one of the platform's job consumers. A
 * malformed record or an invalid name goes to {@code <topic>.DLT} at once; a database failure is redelivered by the
 * platform's retry policy.
 */
public final class AlertingEventHandlers {

    /** The topics this service reads; every one of them gets a dead-letter topic. */
    public static final List<String> CONSUMED = List.of(Topics.BACKUP_REQUESTED, Topics.BACKUP_COMPLETED,
            Topics.BACKUP_FAILED, Topics.RESTORE_REQUESTED, Topics.RESTORE_COMPLETED, Topics.RESTORE_VERIFIED,
            Topics.RESTORE_FAILED, Topics.RESTORE_REJECTED, Topics.BACKUP_REPLICATED, Topics.REPLICATION_FAILED,
            Topics.WAL_STATUS, Topics.WAL_ARCHIVED, Topics.BASEBACKUP_COMPLETED, Topics.BASEBACKUP_FAILED);

    private AlertingEventHandlers() {
    }

    /** One handler per {@link #CONSUMED} topic, each handing its event to the use case once. */
    public static Map<String, RecordHandler> of(Alerting alerting) {
        Map<String, RecordHandler> handlers = new HashMap<>();
        handlers.putAll(BackupEventListener.handlers(alerting));
        handlers.putAll(RestoreEventListener.handlers(alerting));
        handlers.putAll(ReplicationEventListener.handlers(alerting));
        handlers.putAll(WalEventListener.handlers(alerting));
        if (!handlers.keySet().equals(Set.copyOf(CONSUMED))) {
            throw new IllegalStateException("the event handlers " + handlers.keySet()
                    + " must be exactly the consumed topics " + CONSUMED);
        }
        return handlers;
    }
}
