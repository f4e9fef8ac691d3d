package com.aquastream.backup.backupctl;

import com.aquastream.backup.core.kafka.KafkaClients;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.MalformedEventException;
import com.aquastream.backup.events.RestoreCompleted;
import com.aquastream.backup.events.RestoreEvent;
import com.aquastream.backup.events.RestoreFailed;
import com.aquastream.backup.events.RestoreRejected;
import com.aquastream.backup.events.RestoreVerified;
import com.aquastream.backup.events.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The bus over Kafka, logged in as {@code operator}: events go through backup-core's event producer (the contract's
 * JSON, the CloudEvents headers with {@code ce_source} {@value #SOURCE}, acks=all), answers are read in a consumer
 * group of its own, {@code operator-backupctl-<uuid>} (the operator's ACLs allow groups {@code operator*}).
 */
final class KafkaBus implements Bus {

    static final String SOURCE = "backupctl";
    static final String GROUP_PREFIX = "operator-backupctl-";
    static final List<String> ANSWER_TOPICS = List.of(Topics.RESTORE_COMPLETED, Topics.RESTORE_VERIFIED,
            Topics.RESTORE_FAILED, Topics.RESTORE_REJECTED);

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Map<String, Object> connection;
    private KafkaProducer<String, Event> producer;

    KafkaBus(Map<String, Object> connection) {
        this.connection = Map.copyOf(connection);
    }

    @Override
    public void publish(Event event) {
        if (producer == null) {
            Map<String, Object> config = new HashMap<>(connection);
            config.put("delivery.timeout.ms", (int) SEND_TIMEOUT.toMillis());
            config.put("max.block.ms", (int) SEND_TIMEOUT.toMillis());
            producer = KafkaClients.eventProducer(config, SOURCE);
        }
        try {
            producer.send(new ProducerRecord<>(event.topic(), event.messageKey(), event))
                    .get(SEND_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new BackupctlException(Exit.ERROR, "could not publish " + event.topic() + ": " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new BackupctlException(Exit.ERROR, "Kafka did not take " + event.topic() + " within "
                    + SEND_TIMEOUT.toSeconds() + " s (is the broker at " + connection.get("bootstrap.servers")
                    + " up?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupctlException(Exit.ERROR, "interrupted while publishing", e);
        }
    }

    @Override
    public RestoreAnswers listenForRestoreAnswers() {
        Map<String, Object> config = new HashMap<>(connection);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP_PREFIX + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        try {
            consumer.subscribe(ANSWER_TOPICS);
            Instant deadline = Instant.now().plus(JOIN_TIMEOUT);
            while (consumer.assignment().isEmpty()) {
                if (Instant.now().isAfter(deadline)) {
                    throw new BackupctlException(Exit.ERROR, "could not join a consumer group for the restore "
                            + "answers within " + JOIN_TIMEOUT.toSeconds() + " s");
                }
                consumer.poll(POLL); // nothing polled now can answer a command not yet sent
            }
            // Fix "latest" to offsets now, before the command goes out.
            consumer.assignment().forEach(consumer::position);
            return new KafkaRestoreAnswers(consumer);
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e instanceof KafkaException ? new BackupctlException(Exit.ERROR,
                    "cannot read the restore answers: " + e.getMessage(), e) : e;
        }
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    private static final class KafkaRestoreAnswers implements RestoreAnswers {

        private final KafkaConsumer<String, byte[]> consumer;
        private final EventCodec codec = new EventCodec();

        KafkaRestoreAnswers(KafkaConsumer<String, byte[]> consumer) {
            this.consumer = consumer;
        }

        @Override
        public Optional<RestoreEvent> await(UUID restoreId, Duration timeout) {
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    Optional<RestoreEvent> answer = decode(record).filter(e -> restoreId.equals(restoreIdOf(e)));
                    if (answer.isPresent()) {
                        return answer;
                    }
                }
            }
            return Optional.empty();
        }

        private Optional<RestoreEvent> decode(ConsumerRecord<String, byte[]> record) {
            if (record.value() == null) {
                return Optional.empty();
            }
            try {
                return Optional.of((RestoreEvent) codec.decode(record.value(), record.topic()));
            } catch (MalformedEventException | ClassCastException notAnAnswer) {
                return Optional.empty(); // someone else's problem; the services dead-letter it
            }
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    static UUID restoreIdOf(RestoreEvent event) {
        if (event instanceof RestoreCompleted c) {
            return c.restoreId();
        } else if (event instanceof RestoreVerified v) {
            return v.restoreId();
        } else if (event instanceof RestoreFailed f) {
            return f.restoreId();
        } else if (event instanceof RestoreRejected r) {
            return r.restoreId();
        }
        return null;
    }
}
