package com.aquastream.backup.worker;

import static org.awaitility.Awaitility.await;

import com.aquastream.backup.core.consumer.PartitionedJobConsumer;
import com.aquastream.backup.testsupport.TestKafka;
import com.aquastream.backup.worker.config.ConsumerLifecycle;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** One running backup-worker application, configured like an operator would, against the test infrastructure. */
final class WorkerInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private WorkerInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts a worker and waits until it owns partitions, so requests sent afterwards are seen. */
    static WorkerInstance start(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>();
        all.put("spring.kafka.bootstrap-servers", TestKafka.bootstrapServers());
        all.put("server.port", "0");
        all.put("logging.structured.format.console", "");
        all.put("backup.worker.consumer.auto-offset-reset", "latest");
        all.put("backup.worker.consumer.poll-timeout", "200ms");
        all.put("backup.worker.consumer.redelivery-backoff", "1s");
        all.put("backup.worker.retry.initial-backoff", "200ms");
        all.put("backup.worker.retry.multiplier", "1");
        all.putAll(properties);
        // As command-line arguments: they override application.yml, as an operator's settings would.
        String[] args = all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(BackupWorkerApplication.class)
                .run(args);
        WorkerInstance worker = new WorkerInstance(context);
        await().atMost(Duration.ofSeconds(60)).until(() -> worker.consumer().isReady()
                && worker.context.getBean("backupExpiredConsumer", ConsumerLifecycle.class).delegate().isReady());
        return worker;
    }

    PartitionedJobConsumer consumer() {
        return context.getBean("backupRequestConsumer", ConsumerLifecycle.class).delegate();
    }

    ConfigurableApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        context.close();
    }
}
