package com.aquastream.backup.e2e;

import static org.awaitility.Awaitility.await;

import com.aquastream.backup.core.platform.JobConsumer;
import com.aquastream.backup.testsupport.TestKafka;
import com.aquastream.backup.worker.BackupWorkerApplication;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real backup-worker application, started in the test JVM with an operator's command-line settings: its own pool
 * (so its own consumer group for {@code backup.requested}), starting at the topics' end, quick retries.
 */
final class WorkerInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private WorkerInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts a worker and waits until both its consumers (requests and expiries) own partitions. */
    static WorkerInstance start(Map<String, Object> properties) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.putAll(TestKafka.springProperties("backup-worker"));
        all.put("spring.autoconfigure.exclude", ServiceArguments.NO_DATABASE_OF_ITS_OWN);
        all.put("server.port", "0");
        all.put("logging.structured.format.console", "");
        all.put("backup.worker.pool", "e2e-" + UUID.randomUUID());
        all.put("backup.worker.expiry-group", "backup-worker-e2e-expiry-" + UUID.randomUUID());
        all.put("backup.platform.consumer.auto-offset-reset", "latest");
        all.put("backup.platform.consumer.poll-timeout", "100ms");
        all.put("backup.platform.consumer.redelivery-backoff", "1s");
        all.put("backup.worker.retry.initial-backoff", "200ms");
        all.put("backup.worker.retry.multiplier", "1");
        all.put("backup.worker.expiry.signing-key", CatalogInstance.EXPIRY_KEY);
        all.putAll(properties);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(BackupWorkerApplication.class)
                .run(ServiceArguments.of(BackupWorkerApplication.class, all));
        WorkerInstance worker = new WorkerInstance(context);
        await().atMost(Duration.ofSeconds(60)).until(() -> worker.consumerReady("backupRequestConsumer")
                && worker.consumerReady("backupExpiredConsumer"));
        return worker;
    }

    private boolean consumerReady(String bean) {
        return context.getBean(bean, JobConsumer.class).isReady();
    }

    @Override
    public void close() {
        context.close();
    }
}
