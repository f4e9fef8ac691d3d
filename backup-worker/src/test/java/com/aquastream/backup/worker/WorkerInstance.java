package com.aquastream.backup.worker;

import static org.awaitility.Awaitility.await;

import com.aquastream.backup.core.platform.JobConsumer;
import com.aquastream.backup.testsupport.TestKafka;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
    static WorkerInstance start(Map<String, Object> properties, Class<?>... testConfiguration) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(BackupWorkerApplication.class)
                .sources(testConfiguration)
                .run(arguments(properties).toArray(String[]::new));
        WorkerInstance worker = new WorkerInstance(context);
        await().atMost(Duration.ofSeconds(60)).until(() -> worker.consumer().isReady()
                && worker.context.getBean("backupExpiredConsumer", JobConsumer.class).isReady());
        return worker;
    }

    /**
     * Starts the same worker in a JVM of its own (this test's classpath), writing its log to {@code log}, for tests
     * that kill it as {@code kill -9} would. It is not waited for: the caller watches what it does.
     */
    static Process startInOwnJvm(Map<String, Object> properties, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                BackupWorkerApplication.class.getName()));
        command.addAll(arguments(properties));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The settings as command-line arguments: they override application.yml, as an operator's settings would. */
    private static List<String> arguments(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>();
        all.putAll(TestKafka.springProperties("backup-worker"));
        all.put("server.port", "0");
        all.put("logging.structured.format.console", "");
        all.put("backup.platform.consumer.auto-offset-reset", "latest");
        all.put("backup.platform.consumer.poll-timeout", "200ms");
        all.put("backup.platform.consumer.redelivery-backoff", "1s");
        all.put("backup.worker.retry.initial-backoff", "200ms");
        all.put("backup.worker.retry.multiplier", "1");
        all.putAll(properties);
        return all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toList();
    }

    JobConsumer consumer() {
        return context.getBean("backupRequestConsumer", JobConsumer.class);
    }

    ConfigurableApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        context.close();
    }
}
