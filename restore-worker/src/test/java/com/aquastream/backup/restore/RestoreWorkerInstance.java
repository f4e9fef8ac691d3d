package com.aquastream.backup.restore;

import static org.awaitility.Awaitility.await;

import com.aquastream.backup.core.platform.JobConsumer;
import com.aquastream.backup.testsupport.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real restore-worker started in the test JVM the way an operator configures it: the test broker, a filesystem
 * store, a signing key and an allow-list, a consumer group of its own that starts at the topic's end.
 */
final class RestoreWorkerInstance {

    private RestoreWorkerInstance() {
    }

    /** Starts the worker with {@code extraArguments} ({@code --name=value}) over those settings; waits until ready. */
    static ConfigurableApplicationContext start(String signingKey, String allowedDatabases, Path storeRoot,
                                                String... extraArguments) {
        List<String> arguments = new ArrayList<>(List.of(TestKafka.withLogin("restore-worker",
                "--server.port=0",
                "--logging.structured.format.console=",
                "--restore.signing-key=" + signingKey,
                "--restore.allowed-databases=" + allowedDatabases,
                "--backup.platform.store.type=filesystem",
                "--backup.platform.store.filesystem-root=" + storeRoot,
                "--backup.platform.consumer.auto-offset-reset=latest",
                "--backup.platform.consumer.group=restore-worker-it-" + UUID.randomUUID(),
                "--backup.platform.consumer.poll-timeout=200ms")));
        arguments.addAll(List.of(extraArguments));
        ConfigurableApplicationContext worker = new SpringApplicationBuilder(RestoreWorkerApplication.class)
                .run(arguments.toArray(String[]::new));
        JobConsumer consumer = worker.getBean(JobConsumer.class);
        await().atMost(Duration.ofSeconds(60)).until(consumer::isReady);
        return worker;
    }
}
