package com.aquastream.backup.backupctl;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * {@code --kafka-timeout}, mixed into every command that talks to Kafka: how long it waits for the broker (to connect,
 * take a command or let a consumer join) before it gives up with {@link Exit#UNAVAILABLE}. Short by default, so a
 * script learns within seconds that no broker runs, instead of after the clients' own minute.
 */
final class KafkaOptions {

    @Option(names = "--kafka-timeout", paramLabel = "SECONDS",
            description = "how long to wait for the Kafka broker; default $KAFKA_TIMEOUT_SECONDS, else 15")
    private Long seconds;

    Duration timeout(Settings settings) {
        if (seconds == null) {
            return settings.kafkaTimeout();
        }
        if (seconds < 1) {
            throw BackupctlException.usage("--kafka-timeout wants a positive number of seconds");
        }
        return Duration.ofSeconds(seconds);
    }
}
