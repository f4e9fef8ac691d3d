package com.aquastream.backup.alerting;

import static org.awaitility.Awaitility.await;

import com.aquastream.backup.core.platform.JobConsumer;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestKafka;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One running alerting-service, configured like an operator would (command-line arguments), on the test's own
 * database and the test broker, with the test's clock. The consumer group starts at the topics' end, so only events
 * the test publishes afterwards count; a restart with the same group id resumes where the previous run stopped.
 */
public final class AlertingInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private AlertingInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /**
     * Settings every test instance shares; {@code overrides} win. {@code groupId} must start with
     * {@code alerting-service}: the service's login may use only such groups (Kafka ACLs).
     */
    public static Map<String, Object> defaults(TestDatabase database, String groupId) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.putAll(TestKafka.springProperties("alerting-service"));
        all.put("spring.datasource.url", database.jdbcUrl());
        all.put("server.port", "0");
        all.put("logging.structured.format.console", "");
        all.put("alerting.create-database", "false");
        all.put("backup.platform.consumer.group", groupId);
        all.put("backup.platform.consumer.auto-offset-reset", "latest");
        all.put("alerting.evaluation-interval", "100ms");
        all.put("alerting.delivery.initial-backoff", "200ms");
        all.put("alerting.delivery.max-backoff", "1s");
        all.put("alerting.delivery.timeout", "2s");
        // Nothing watched unless a test says so: the shared broker carries other tests' events.
        all.put("alerting.targets.aquastream", "");
        return all;
    }

    /** Starts the service and waits until its consumers own partitions, so events sent afterwards are seen. */
    public static AlertingInstance start(Map<String, Object> properties, Clock clock) {
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(AlertingServiceApplication.class)
                .initializers(c -> c.getBeanFactory().registerSingleton("testClock", clock))
                .run(args);
        AlertingInstance instance = new AlertingInstance(context);
        var consumers = context.getBeansOfType(JobConsumer.class).values();
        await().atMost(Duration.ofSeconds(60)).until(() -> !consumers.isEmpty()
                && consumers.stream().allMatch(JobConsumer::isReady));
        return instance;
    }

    public JdbcClient jdbc() {
        return context.getBean(JdbcClient.class);
    }

    /** The one bean of that type, e.g. the feature's use case or the platform's ports as the service wired them. */
    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public int port() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    /** Publishes events as any other service would: plain producer, the contract's JSON, keyed by schema. */
    public static void publish(Event... events) {
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer()) {
            for (Event event : events) {
                producer.send(new ProducerRecord<>(event.topic(), event.database() + "." + event.schema(),
                        new com.aquastream.backup.events.EventCodec().encode(event)));
            }
            producer.flush();
        }
    }

    /** A random plain identifier, so each test's database name is its own on the shared broker. */
    public static String aDatabaseName() {
        return "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    @Override
    public void close() {
        context.close();
    }
}
