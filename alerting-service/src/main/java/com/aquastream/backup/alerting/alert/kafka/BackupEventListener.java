package com.aquastream.backup.alerting.alert.kafka;

import com.aquastream.backup.alerting.alert.Alerting;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupFailed;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.Topics;
import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Inbound adapter for the backup stream. One class per sealed event stream rather than per topic: the three topics
 * carry one interface's events, and one method per event type keeps each mapping visible.
 */
@KafkaListener(id = "alerting-backup", topics = {Topics.BACKUP_REQUESTED, Topics.BACKUP_COMPLETED,
        Topics.BACKUP_FAILED}, groupId = "${alerting.consumer.group-id}")
public class BackupEventListener {

    private final Alerting alerting;

    public BackupEventListener(Alerting alerting) {
        this.alerting = alerting;
    }

    @KafkaHandler
    public void on(BackupRequested event) {
        alerting.handle(event);
    }

    @KafkaHandler
    public void on(BackupCompleted event) {
        alerting.handle(event);
    }

    @KafkaHandler
    public void on(BackupFailed event) {
        alerting.handle(event);
    }
}
