package com.aquastream.backup.restore;

import static org.awaitility.Awaitility.await;

import com.aquastream.backup.core.consumer.PartitionedJobConsumer;
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
                "--restore.store.type=filesystem",
                "--restore.store.filesystem-root=" + storeRoot,
                "--restore.consumer.auto-offset-reset=latest",
                "--restore.consumer.group=restore-worker-it-" + UUID.randomUUID(),
                "--restore.consumer.poll-timeout=200ms")));
        arguments.addAll(List.of(extraArguments));
        ConfigurableApplicationContext worker = new SpringApplicationBuilder(RestoreWorkerApplication.class)
                .run(arguments.toArray(String[]::new));
        PartitionedJobConsumer consumer = worker.getBean(PartitionedJobConsumer.class);
        await().atMost(Duration.ofSeconds(60)).until(consumer::isReady);
        return worker;
    }
}
