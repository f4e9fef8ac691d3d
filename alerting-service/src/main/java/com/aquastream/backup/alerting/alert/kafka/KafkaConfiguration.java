package com.aquastream.backup.alerting.alert.kafka;

import com.aquastream.backup.alerting.alert.Alerting;
import com.aquastream.backup.alerting.config.AlertingProperties;
import com.aquastream.backup.core.consumer.RecordHandler;
import com.aquastream.backup.core.platform.JobConsumer;
import com.aquastream.backup.core.platform.JobConsumers;
import com.aquastream.backup.core.platform.ServiceTopics;
import com.aquastream.backup.events.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the Kafka adapters on the platform: one job consumer of every event stream the rules need, in the service's
 * group ({@code backup.platform.consumer.group}), with the platform's retry and dead-letter policy (a malformed record
 * or an invalid name to {@code <topic>.DLT} at once; a database failure redelivered every
 * {@code backup.platform.consumer.redelivery-backoff}, up to {@code max-attempts}, then dead-lettered). The alert
 * events are published by the platform's outbox relay.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    /** The topics this service reads; every one of them gets a dead-letter topic. */
    static final List<String> CONSUMED = List.of(Topics.BACKUP_REQUESTED, Topics.BACKUP_COMPLETED,
            Topics.BACKUP_FAILED, Topics.RESTORE_REQUESTED, Topics.RESTORE_COMPLETED, Topics.RESTORE_VERIFIED,
            Topics.RESTORE_FAILED, Topics.RESTORE_REJECTED, Topics.BACKUP_REPLICATED, Topics.REPLICATION_FAILED);

    @Bean
    ServiceTopics alertingTopics() {
        List<String> names = new ArrayList<>(List.of(Topics.ALERT_RAISED, Topics.ALERT_RESOLVED));
        names.addAll(CONSUMED);
        CONSUMED.forEach(topic -> names.add(Topics.deadLetterOf(topic)));
        return new ServiceTopics(names);
    }

    /**
     * One consumer of all of them: each partition's records still run one at a time and in order, and the decisions
     * are serialized anyway (one advisory lock), so more consumers would add connections, not throughput.
     */
    @Bean
    JobConsumer alertingEventConsumer(JobConsumers consumers, Alerting alerting, AlertingProperties props) {
        return consumers.consume(handlers(alerting), props.concurrency());
    }

    static Map<String, RecordHandler> handlers(Alerting alerting) {
        Map<String, RecordHandler> handlers = new HashMap<>();
        handlers.putAll(BackupEventListener.handlers(alerting));
        handlers.putAll(RestoreEventListener.handlers(alerting));
        handlers.putAll(ReplicationEventListener.handlers(alerting));
        if (!handlers.keySet().equals(Set.copyOf(CONSUMED))) {
            throw new IllegalStateException("the event handlers " + handlers.keySet()
                    + " must be exactly the consumed topics " + CONSUMED);
        }
        return handlers;
    }
}
