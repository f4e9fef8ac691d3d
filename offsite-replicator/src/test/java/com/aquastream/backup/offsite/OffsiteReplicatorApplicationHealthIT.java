package com.aquastream.backup.offsite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aquastream.backup.testsupport.ServiceSmoke;
import com.aquastream.backup.testsupport.TestKafka;
import com.aquastream.backup.testsupport.TestS3;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import com.aquastream.backup.core.consumer.PartitionedJobConsumer;
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
                "--offsite.primary.filesystem-root=" + primary,
                "--offsite.offsite.endpoint=" + offsite.url(),
                "--offsite.offsite.access-key=" + offsite.accessKey(),
                "--offsite.offsite.secret-key=" + offsite.secretKey(),
                "--offsite.consumer.group=offsite-replicator-health-" + java.util.UUID.randomUUID(),
                "--offsite.consumer.auto-offset-reset=latest");
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
                "--offsite.primary.filesystem-root=" + primary,
                "--offsite.offsite.endpoint=" + offsite.url()).close())
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
                        "--offsite.primary.filesystem-root=" + primary,
                        "--offsite.offsite.endpoint=" + offsite.url(),
                        "--offsite.offsite.access-key=" + offsite.accessKey(),
                        "--offsite.offsite.secret-key=" + offsite.secretKey(),
                        "--offsite.consumer.group=offsite-replicator-tls-" + java.util.UUID.randomUUID(),
                        "--offsite.consumer.auto-offset-reset=latest"))) {
            PartitionedJobConsumer copies = context.getBean("backupCompletedConsumer", PartitionedJobConsumer.class);
            PartitionedJobConsumer expiries = context.getBean("backupExpiredConsumer", PartitionedJobConsumer.class);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> copies.isReady() && expiries.isReady());
            assertThat(context.getEnvironment().getProperty("spring.kafka.security.protocol")).isEqualTo("SASL_SSL");
        }
    }
}
