package com.aquastream.backup.e2e;

import static org.awaitility.Awaitility.await;

import com.aquastream.backup.alerting.AlertingServiceApplication;
import com.aquastream.backup.core.platform.JobConsumer;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestKafka;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real alerting-service, started in the test JVM on a database of its own, with its own consumer group starting
 * at the topics' end and a quick evaluation timer; {@code properties} go over these defaults.
 */
final class AlertingInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private AlertingInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts an instance and waits until its job consumer owns partitions and has polled them. */
    static AlertingInstance start(TestDatabase db, Map<String, Object> properties) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.putAll(TestKafka.springProperties("alerting-service"));
        all.put("spring.datasource.url", db.jdbcUrl());
        all.put("server.port", "0");
        all.put("logging.structured.format.console", "");
        all.put("alerting.create-database", "false");
        all.put("backup.platform.consumer.group", "alerting-service-e2e-" + UUID.randomUUID());
        all.put("backup.platform.consumer.auto-offset-reset", "latest");
        all.put("alerting.evaluation-interval", "200ms");
        all.putAll(properties);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(AlertingServiceApplication.class)
                .run(ServiceArguments.of(AlertingServiceApplication.class, all));
        var consumers = context.getBeansOfType(JobConsumer.class).values();
        await().atMost(Duration.ofSeconds(60)).until(() -> !consumers.isEmpty()
                && consumers.stream().allMatch(JobConsumer::isReady));
        return new AlertingInstance(context);
    }

    @Override
    public void close() {
        context.close();
    }
}
