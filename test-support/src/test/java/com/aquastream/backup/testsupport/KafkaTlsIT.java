package com.aquastream.backup.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * SASL_SSL, the production transport: TLS around the same SCRAM logins and ACLs. A client that trusts the broker's
 * certificate logs in and works as its principal; one without the certificate, or without TLS, gets nowhere.
 */
class KafkaTlsIT {

    @Test
    void aPrincipalProducesAndTheExternalReaderConsumesOverTls() throws Exception {
        String marker = "over-tls-" + UUID.randomUUID();
        Map<String, Object> producerConfig = TestKafka.Tls.clientConfig("backup-worker");
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig)) {
            producer.send(new ProducerRecord<>("backup.completed", "aquastream.user",
                    marker.getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        }

        Map<String, Object> consumerConfig = TestKafka.Tls.clientConfig("external-reader");
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "external-tls-" + UUID.randomUUID());
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig)) {
            consumer.subscribe(List.of("backup.completed"));
            await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> {
                consumer.poll(Duration.ofMillis(200))
                        .forEach(r -> seen.add(new String(r.value(), StandardCharsets.UTF_8)));
                return seen.contains(marker);
            });
        }
    }

    @Test
    void aClientThatDoesNotTrustTheBrokersCertificateOrSpeaksNoTlsGetsNowhere() {
        Map<String, Object> untrusting = TestKafka.Tls.clientConfig("operator");
        untrusting.remove("ssl.truststore.location");
        untrusting.remove("ssl.truststore.password");
        untrusting.remove("ssl.truststore.type");
        assertThat(clusterIdAs(untrusting)).as("without the broker's CA").isNull();

        Map<String, Object> plain = TestKafka.Tls.clientConfig("operator");
        plain.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        assertThat(clusterIdAs(plain)).as("SASL without TLS").isNull();

        assertThat(clusterIdAs(TestKafka.Tls.clientConfig("operator"))).as("the right settings").isNotBlank();
    }

    /** The cluster id as seen with {@code config}, or null when the client cannot get it within 8 s. */
    private static String clusterIdAs(Map<String, Object> config) {
        Map<String, Object> admin = new java.util.HashMap<>(config);
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 8_000);
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000);
        try (Admin client = Admin.create(admin)) {
            return client.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return null;
        }
    }
}
