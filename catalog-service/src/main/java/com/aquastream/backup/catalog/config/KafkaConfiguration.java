package com.aquastream.backup.catalog.config;

import com.aquastream.backup.core.platform.ServiceTopics;
import com.aquastream.backup.core.kafka.EventSerializer;
import com.aquastream.backup.core.naming.InvalidIdentifierException;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.MalformedEventException;
import com.aquastream.backup.events.Topics;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Kafka wiring of the inbound side: the topics, and the one error handler every listener shares (STYLE rule 6).
 * Malformed records (the {@code ErrorHandlingDeserializer} around {@code EventDeserializer} catches them) and
 * invalid names go straight to {@code <topic>.DLT}; anything else (the catalog database unreachable) is retried
 * with back-off before it is dead-lettered, so a consumer never stops or loops on one record.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaConfiguration {

    @Bean
    ServiceTopics catalogTopics() {
        return ServiceTopics.of(Topics.BACKUP_REQUESTED,
                Topics.BACKUP_COMPLETED, Topics.BACKUP_FAILED, Topics.BACKUP_EXPIRED, Topics.RESTORE_REQUESTED,
                Topics.RESTORE_COMPLETED, Topics.RESTORE_VERIFIED, Topics.RESTORE_FAILED, Topics.RESTORE_REJECTED,
                Topics.deadLetterOf(Topics.BACKUP_COMPLETED), Topics.deadLetterOf(Topics.BACKUP_FAILED),
                Topics.deadLetterOf(Topics.RESTORE_COMPLETED), Topics.deadLetterOf(Topics.RESTORE_VERIFIED),
                Topics.deadLetterOf(Topics.RESTORE_FAILED), Topics.deadLetterOf(Topics.RESTORE_REJECTED));
    }

    /** Dead letters keep the original bytes when a record could not be read, else the event as the contract's JSON. */
    @Bean
    KafkaTemplate<Object, Object> deadLetterTemplate(KafkaProperties kafka) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        Map<Class<?>, Serializer<?>> byType = new LinkedHashMap<>();
        byType.put(byte[].class, new ByteArraySerializer());
        byType.put(Event.class, new EventSerializer(CatalogConfiguration.SERVICE_NAME));
        @SuppressWarnings({"unchecked", "rawtypes"})
        DefaultKafkaProducerFactory<Object, Object> factory = new DefaultKafkaProducerFactory<>(config,
                (Serializer) new StringSerializer(), new DelegatingByTypeSerializer(byType, true));
        return new KafkaTemplate<>(factory);
    }

    @Bean
    DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<Object, Object> deadLetterTemplate) {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(120_000);
        // The contract's dead-letter topic is <topic>.DLT (spring-kafka 4's own default would be <topic>-dlt); the
        // original partition keeps a schema's dead letters in order where the DLT has as many partitions.
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(deadLetterTemplate,
                (record, e) -> new TopicPartition(Topics.deadLetterOf(record.topic()), record.partition()));
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        // Retrying these cannot help: the same bytes fail the same way.
        handler.addNotRetryableExceptions(MalformedEventException.class, InvalidIdentifierException.class,
                IllegalArgumentException.class, NullPointerException.class);
        return handler;
    }
}
