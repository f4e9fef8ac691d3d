package com.aquastream.backup.alerting.alert.kafka;

import com.aquastream.backup.alerting.alert.Alerting;
import com.aquastream.backup.events.BackupReplicated;
import com.aquastream.backup.events.ReplicationFailed;
import com.aquastream.backup.events.Topics;
import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;

/** Inbound adapter for the offsite replication stream. */
@KafkaListener(id = "alerting-replication", topics = {Topics.BACKUP_REPLICATED, Topics.REPLICATION_FAILED},
        groupId = "${alerting.consumer.group-id}")
public class ReplicationEventListener {

    private final Alerting alerting;

    public ReplicationEventListener(Alerting alerting) {
        this.alerting = alerting;
    }

    @KafkaHandler
    public void on(BackupReplicated event) {
        alerting.handle(event);
    }

    @KafkaHandler
    public void on(ReplicationFailed event) {
        alerting.handle(event);
    }
}
