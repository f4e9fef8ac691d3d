package com.aquastream.backup.e2e;

import static org.awaitility.Awaitility.await;

import com.aquastream.backup.core.platform.JobConsumer;
import com.aquastream.backup.restore.RestoreWorkerApplication;
import com.aquastream.backup.testsupport.TestKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real restore-worker application, started in the test JVM with an operator's command-line settings: its own
 * consumer group for {@code restore.requested}, starting at the topic's end, a work directory of its own.
 */
final class RestoreWorkerInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private RestoreWorkerInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts a restore-worker with {@code properties} over the defaults, and waits until it owns partitions. */
    static RestoreWorkerInstance start(Map<String, Object> properties) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.putAll(TestKafka.springProperties("restore-worker"));
        all.put("spring.autoconfigure.exclude", ServiceArguments.NO_DATABASE_OF_ITS_OWN);
        all.put("server.port", "0");
        all.put("logging.structured.format.console", "");
        all.put("backup.platform.consumer.group", "restore-worker-e2e-" + UUID.randomUUID());
        all.put("backup.platform.consumer.auto-offset-reset", "latest");
        all.put("backup.platform.consumer.poll-timeout", "100ms");
        try {
            all.put("restore.work-dir", Files.createTempDirectory("restore-work").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        all.putAll(properties);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(RestoreWorkerApplication.class)
                .run(ServiceArguments.of(RestoreWorkerApplication.class, all));
        JobConsumer consumer = context.getBean(JobConsumer.class);
        await().atMost(Duration.ofSeconds(60)).until(consumer::isReady);
        return new RestoreWorkerInstance(context);
    }

    @Override
    public void close() {
        context.close();
    }
}
