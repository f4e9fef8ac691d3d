package com.aquastream.backup.e2e;

import static org.awaitility.Awaitility.await;

import com.aquastream.backup.alerting.AlertingServiceApplication;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestKafka;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * The real alerting-service, started in the test JVM on a database of its own, with its own consumer group starting
 * at the topics' end and a quick evaluation timer; {@code properties} go over these defaults.
 */
final class AlertingInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private AlertingInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts an instance and waits until its listeners own partitions. */
    static AlertingInstance start(TestDatabase db, Map<String, Object> properties) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.putAll(TestKafka.springProperties("alerting-service"));
        all.put("spring.datasource.url", db.jdbcUrl());
        all.put("server.port", "0");
        all.put("logging.structured.format.console", "");
        all.put("alerting.create-database", "false");
        all.put("alerting.consumer.group-id", "alerting-service-e2e-" + UUID.randomUUID());
        all.put("alerting.consumer.auto-offset-reset", "latest");
        all.put("alerting.evaluation-interval", "200ms");
        all.putAll(properties);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(AlertingServiceApplication.class)
                .run(ServiceArguments.of(AlertingServiceApplication.class, all));
        KafkaListenerEndpointRegistry registry = context.getBean(KafkaListenerEndpointRegistry.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> registry.getListenerContainers().stream()
                .allMatch(c -> c.getAssignedPartitions() != null && !c.getAssignedPartitions().isEmpty()));
        return new AlertingInstance(context);
    }

    @Override
    public void close() {
        context.close();
    }
}
