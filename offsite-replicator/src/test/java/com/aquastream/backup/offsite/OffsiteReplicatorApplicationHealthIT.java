package com.aquastream.backup.offsite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aquastream.backup.testsupport.ServiceSmoke;
import com.aquastream.backup.testsupport.TestKafka;
import com.aquastream.backup.testsupport.TestS3;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import com.aquastream.backup.core.platform.JobConsumer;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service boots against the real broker and S3 servers and serves its health and Prometheus endpoints, and no
 * other actuator endpoint unless configured.
 */
class OffsiteReplicatorApplicationHealthIT {

    @TempDir
    Path primary;

    @Test
    void servesHealthAndPrometheusButNoActuatorEndpointItWasNotConfiguredFor() throws Exception {
        TestS3.Endpoint offsite = TestS3.offsiteEndpoint();
        ServiceSmoke.assertServesHealthAndPrometheus(OffsiteReplicatorApplication.class,
                "--backup.platform.store.filesystem-root=" + primary,
                "--offsite.destination.endpoint=" + offsite.url(),
                "--offsite.destination.access-key=" + offsite.accessKey(),
                "--offsite.destination.secret-key=" + offsite.secretKey(),
                "--backup.platform.consumer.group=offsite-replicator-health-" + java.util.UUID.randomUUID(),
                "--backup.platform.consumer.auto-offset-reset=latest");
    }

    /** Kafka security is on by default: without KAFKA_PASSWORD the service does not start (it never runs anonymous). */
    @Test
    void refusesToStartWithoutAKafkaPassword() {
        assertThat(System.getenv("KAFKA_PASSWORD")).as("this test needs KAFKA_PASSWORD unset").isNull();
        TestS3.Endpoint offsite = TestS3.offsiteEndpoint();
        assertThatThrownBy(() -> new SpringApplicationBuilder(OffsiteReplicatorApplication.class).run(
                "--spring.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                "--server.port=0",
                "--logging.structured.format.console=",
                "--backup.platform.store.filesystem-root=" + primary,
                "--offsite.destination.endpoint=" + offsite.url()).close())
                .satisfies(e -> assertThat(Stream.iterate(e, t -> t != null, Throwable::getCause)
                        .map(String::valueOf)).anyMatch(m -> m.contains("KAFKA_PASSWORD")));
    }

    /**
     * The production transport: the service set up only through the properties README names (SASL_SSL, the broker's
     * CA as trust store) joins its consumer groups on a broker whose one client listener is TLS.
     */
    @Test
    void joinsItsGroupsOverSaslSsl() {
        TestS3.Endpoint offsite = TestS3.offsiteEndpoint();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(OffsiteReplicatorApplication.class)
                .run(TestKafka.Tls.withLogin("offsite-replicator",
                        "--server.port=0",
                        "--logging.structured.format.console=",
                        "--backup.platform.store.filesystem-root=" + primary,
                        "--offsite.destination.endpoint=" + offsite.url(),
                        "--offsite.destination.access-key=" + offsite.accessKey(),
                        "--offsite.destination.secret-key=" + offsite.secretKey(),
                        "--backup.platform.consumer.group=offsite-replicator-tls-" + java.util.UUID.randomUUID(),
                        "--backup.platform.consumer.auto-offset-reset=latest"))) {
            JobConsumer copies = context.getBean("backupCompletedConsumer", JobConsumer.class);
            JobConsumer expiries = context.getBean("backupExpiredConsumer", JobConsumer.class);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> copies.isReady() && expiries.isReady());
            assertThat(context.getEnvironment().getProperty("spring.kafka.security.protocol")).isEqualTo("SASL_SSL");
        }
    }
}
