package com.aquastream.backup.alerting.config;

import com.aquastream.backup.alerting.alert.AlertEvents;
import com.aquastream.backup.alerting.alert.kafka.KafkaAlertEvents;
import com.aquastream.backup.core.platform.ServiceTopics;
import com.aquastream.backup.core.kafka.EventDeserializer;
import com.aquastream.backup.core.kafka.EventSerializer;
import com.aquastream.backup.core.naming.InvalidIdentifierException;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.MalformedEventException;
import com.aquastream.backup.events.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Kafka wiring: consumers of every event stream the rules need, one error handler (retry with backoff, then
 * {@code <topic>.DLT}; malformed records at once), and the producer of {@code alert.raised} / {@code alert.resolved}.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KafkaConfiguration.class);

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

    @Bean
    ConsumerFactory<String, Event> alertingConsumerFactory(KafkaProperties kafka, AlertingProperties props,
                                                           MeterRegistry meters) {
        Map<String, Object> config = kafka.buildConsumerProperties();
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, props.consumer().autoOffsetReset());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A record that is not an event of the contract becomes a DeserializationException the error handler sends
        // to the dead-letter topic, instead of an exception that stops the consumer.
        DefaultKafkaConsumerFactory<String, Event> factory = new DefaultKafkaConsumerFactory<>(config,
                new StringDeserializer(), new ErrorHandlingDeserializer<>(new EventDeserializer()));
        // Boot instruments only the consumer factory it builds itself: consumer lag (kafka_consumer_*) on
        // /actuator/prometheus, as for the other services.
        factory.addListener(new MicrometerConsumerListener<>(meters));
        return factory;
    }

    /** Named as Boot's default factory, so every {@code @KafkaListener} of the service uses it. */
    @Bean
    ConcurrentKafkaListenerContainerFactory<String, Event> kafkaListenerContainerFactory(
            ConsumerFactory<String, Event> consumerFactory, DefaultErrorHandler errorHandler, AlertingProperties props) {
        ConcurrentKafkaListenerContainerFactory<String, Event> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumerFactory);
        factory.setCommonErrorHandler(errorHandler);
        factory.setConcurrency(props.consumer().concurrency());
        // Commit each record once its handling (state, outbox, publish) is done: at-least-once, and redelivery is
        // harmless because handling is idempotent by eventId.
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.RECORD);
        return factory;
    }

    @Bean
    DefaultErrorHandler alertingErrorHandler(KafkaProperties kafka, AlertingProperties props) {
        Map<String, Object> config = kafka.buildProducerProperties();
        // Dead letters keep the original bytes (a record that could not be decoded) or the decoded event.
        DelegatingByTypeSerializer values = new DelegatingByTypeSerializer(Map.of(
                byte[].class, new ByteArraySerializer(),
                Event.class, new EventSerializer(AlertingConfiguration.SERVICE_NAME)), true);
        KafkaTemplate<String, Object> deadLetters = new KafkaTemplate<>(
                new DefaultKafkaProducerFactory<String, Object>(config, new StringSerializer(), values));
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(deadLetters,
                (record, exception) -> new org.apache.kafka.common.TopicPartition(
                        Topics.deadLetterOf(record.topic()), -1));
        ExponentialBackOff backOff = new ExponentialBackOff(1000, 2.0);
        backOff.setMaxInterval(60_000);
        backOff.setMaxElapsedTime(props.consumer().retryMaxElapsed().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(MalformedEventException.class, InvalidIdentifierException.class);
        handler.setRetryListeners((record, failure, attempt) -> log.warn("handling {}-{}@{} failed (attempt {}), retrying: {}",
                record.topic(), record.partition(), record.offset(), attempt, rootCause(failure).toString()));
        return handler;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    @Bean
    AlertEvents alertEvents(KafkaProperties kafka) {
        Map<String, Object> config = kafka.buildProducerProperties();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        DefaultKafkaProducerFactory<String, Event> producers = new DefaultKafkaProducerFactory<>(config,
                new StringSerializer(), new EventSerializer(AlertingConfiguration.SERVICE_NAME));
        return new KafkaAlertEvents(new KafkaTemplate<>(producers));
    }
}
