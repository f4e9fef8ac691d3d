package com.aquastream.backup.backupctl;

import com.aquastream.backup.core.kafka.KafkaClients;
import com.aquastream.backup.core.kafka.KafkaEventPublisher;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The bus over Kafka, logged in as {@code operator}: events go through backup-core's event producer (the contract's
 * JSON, the CloudEvents headers with {@code ce_source} {@value #SOURCE}, acks=all), answers and followed events are
 * read in a consumer group of their own, {@code operator-backupctl-<uuid>} (the operator's ACLs allow groups
 * {@code operator*}), which commits nothing and so leaves nothing behind.
 *
 * <p>Every wait for the broker is bounded by one timeout (the command's {@code --kafka-timeout}): without a broker a
 * command fails within it, with {@link Exit#UNAVAILABLE} and one line naming the bootstrap servers.
 */
final class KafkaBus implements Bus {

    static final String SOURCE = "backupctl";
    static final String GROUP_PREFIX = "operator-backupctl-";
    static final List<String> ANSWER_TOPICS = List.of(Topics.RESTORE_COMPLETED, Topics.RESTORE_VERIFIED,
            Topics.RESTORE_FAILED, Topics.RESTORE_REJECTED);

    private static final Duration POLL = Duration.ofMillis(200);

    private final Map<String, Object> connection;
    private final Duration timeout;
    private KafkaProducer<String, Event> producer;
    private boolean unreachable;

    KafkaBus(Map<String, Object> connection, Duration timeout) {
        this.connection = Map.copyOf(connection);
        this.timeout = timeout;
    }

    @Override
    public void publish(Event event) {
        if (producer == null) {
            Map<String, Object> config = new HashMap<>(connection);
            // send() blocks for the metadata at most max.block.ms: that is where a missing broker shows.
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
            config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
            config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.multipliedBy(2).toMillis());
            producer = KafkaClients.eventProducer(config, SOURCE);
        }
        try {
            new KafkaEventPublisher(producer, timeout.multipliedBy(2).plusSeconds(5)).publish(event);
        } catch (IllegalStateException e) {
            Throwable cause = e.getCause() instanceof ExecutionException failed ? failed.getCause() : e.getCause();
            if (cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unavailable("take " + event.topic(), e);
            }
            if (cause instanceof InterruptedException) {
                throw new BackupctlException(Exit.ERROR, "interrupted while publishing", e);
            }
            throw new BackupctlException(Exit.ERROR, "could not publish " + event.topic() + ": " + cause, e);
        }
    }

    @Override
    public RestoreAnswers listenForRestoreAnswers() {
        return new KafkaRestoreAnswers(joined(ANSWER_TOPICS, false, "the restore answers"));
    }

    @Override
    public Events subscribe(List<String> topics, boolean fromBeginning) {
        return new KafkaEvents(joined(topics, fromBeginning, String.join(", ", topics)));
    }

    @Override
    public void close() {
        if (producer != null) {
            // Nothing is left to deliver after a failed send; without a broker, do not wait for one any longer.
            producer.close(unreachable ? Duration.ZERO : Duration.ofSeconds(5));
        }
    }

    /**
     * A consumer of {@code topics} in a fresh group, returned once partitions are assigned and, when reading from
     * the end, its positions fixed: nothing published after this returns can be missed.
     */
    private KafkaConsumer<String, byte[]> joined(List<String> topics, boolean fromBeginning, String what) {
        Map<String, Object> config = new HashMap<>(connection);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP_PREFIX + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        try {
            consumer.subscribe(topics);
            Instant deadline = Instant.now().plus(timeout);
            List<ConsumerRecord<String, byte[]>> early = new ArrayList<>();
            while (consumer.assignment().isEmpty()) {
                if (Instant.now().isAfter(deadline)) {
                    unreachable = true;
                    throw unavailable("let a consumer of " + what + " join", null);
                }
                // From the end, nothing polled now can answer a command not yet sent; from the beginning, it counts.
                consumer.poll(POLL).forEach(early::add);
            }
            if (fromBeginning && !early.isEmpty()) {
                // Rewind what the join already read, so Events.poll returns it in order.
                consumer.assignment().forEach(p -> consumer.seekToBeginning(List.of(p)));
            }
            consumer.assignment().forEach(consumer::position); // fix "latest" to offsets now
            return consumer;
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e instanceof KafkaException ? new BackupctlException(Exit.ERROR,
                    "cannot read " + what + ": " + e.getMessage(), e) : e;
        }
    }

    private BackupctlException unavailable(String what, Exception cause) {
        unreachable = true;
        return new BackupctlException(Exit.UNAVAILABLE, "no Kafka broker at " + connection.get("bootstrap.servers")
                + " would " + what + " within " + timeout.toSeconds() + " s (is it running? --kafka-timeout, "
                + "KAFKA_BOOTSTRAP_SERVERS)", cause);
    }

    private static Optional<Event> decode(EventCodec codec, ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(codec.decode(record.value(), record.topic()));
        } catch (MalformedEventException notAnEvent) {
            return Optional.empty(); // someone else's problem; the services dead-letter it
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
                    Optional<RestoreEvent> answer = decode(codec, record)
                            .filter(RestoreEvent.class::isInstance).map(RestoreEvent.class::cast)
                            .filter(e -> restoreId.equals(restoreIdOf(e)));
                    if (answer.isPresent()) {
                        return answer;
                    }
                }
            }
            return Optional.empty();
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private static final class KafkaEvents implements Events {

        private final KafkaConsumer<String, byte[]> consumer;
        private final EventCodec codec = new EventCodec();

        KafkaEvents(KafkaConsumer<String, byte[]> consumer) {
            this.consumer = consumer;
        }

        @Override
        public List<Event> poll(Duration timeout) {
            List<Event> events = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
                decode(codec, record).ifPresent(events::add);
            }
            return events;
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
