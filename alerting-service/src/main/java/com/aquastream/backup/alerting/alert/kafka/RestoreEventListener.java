package com.aquastream.backup.alerting.alert.kafka;

import com.aquastream.backup.alerting.alert.Alerting;
import com.aquastream.backup.events.RestoreCompleted;
import com.aquastream.backup.events.RestoreFailed;
import com.aquastream.backup.events.RestoreRejected;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.events.RestoreVerified;
import com.aquastream.backup.events.Topics;
import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;

/** Inbound adapter for the restore stream; {@code restore.requested} is read only to learn each command's mode. */
@KafkaListener(id = "alerting-restore", topics = {Topics.RESTORE_REQUESTED, Topics.RESTORE_COMPLETED,
        Topics.RESTORE_VERIFIED, Topics.RESTORE_FAILED, Topics.RESTORE_REJECTED},
        groupId = "${alerting.consumer.group-id}")
public class RestoreEventListener {

    private final Alerting alerting;

    public RestoreEventListener(Alerting alerting) {
        this.alerting = alerting;
    }

    @KafkaHandler
    public void on(RestoreRequested event) {
        alerting.handle(event);
    }

    @KafkaHandler
    public void on(RestoreCompleted event) {
        alerting.handle(event);
    }

    @KafkaHandler
    public void on(RestoreVerified event) {
        alerting.handle(event);
    }

    @KafkaHandler
    public void on(RestoreFailed event) {
        alerting.handle(event);
    }

    @KafkaHandler
    public void on(RestoreRejected event) {
        alerting.handle(event);
    }
}
