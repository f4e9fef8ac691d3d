package com.aquastream.backup.core.platform;

import com.aquastream.backup.core.consumer.PartitionedJobConsumer;
import com.aquastream.backup.core.pg.PgConnection;
import com.aquastream.backup.core.store.S3Settings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code backup.platform.*}: the settings every service reads the same way, with one set of defaults
 * ({@code META-INF/backup-platform/defaults.yml}, below each service's own application.yml).
 *
 * @param topicPartitions partitions of the topics a service creates when missing (the broker's provisioning uses the
 *                        same number)
 * @param sendTimeout     how long publishing one event waits for the broker's acknowledgement (default 60 s)
 * @param store           the primary object store; a service without {@code store.type} has none
 * @param postgres        the PostgreSQL cluster whose schemas are backed up and restored
 * @param consumer        the job consumers' tuning
 * @param outbox          the outbox of a service with a database
 */
@ConfigurationProperties("backup.platform")
public record PlatformProperties(int topicPartitions, Duration sendTimeout, Store store, Postgres postgres,
                                 Consumer consumer, Outbox outbox) {

    public PlatformProperties {
        if (topicPartitions < 1) {
            topicPartitions = 6;
        }
        sendTimeout = sendTimeout == null ? Duration.ofSeconds(60) : sendTimeout;
        consumer = consumer == null ? new Consumer(null, null, null, null, null, null, null, null) : consumer;
        outbox = outbox == null ? new Outbox(null, null, 0, null) : outbox;
    }

    /**
     * The outbox ({@code JdbcOutbox}) of a service with a database: on when {@code table} is set.
     *
     * @param table         the outbox table in the service's database ({@code catalog.outbox}, {@code outbox})
     * @param pollInterval  how often the relay looks for events to publish (default 200 ms)
     * @param batchSize     events per relay transaction (default 100)
     * @param keepPublished how long published rows stay for inspection before they are deleted (default 7 days)
     */
    public record Outbox(String table, Duration pollInterval, int batchSize, Duration keepPublished) {

        public Outbox {
            pollInterval = pollInterval == null ? Duration.ofMillis(200) : pollInterval;
            batchSize = batchSize < 1 ? 100 : batchSize;
            keepPublished = keepPublished == null ? Duration.ofDays(7) : keepPublished;
        }
    }

    /** {@code type}: {@code filesystem} (under {@code filesystemRoot}) or {@code s3}. */
    public record Store(String type, String filesystemRoot, S3 s3) {

        /** The S3 connection, {@code null} when none is configured (a filesystem store needs none). */
        public S3Settings s3Settings() {
            return s3 == null ? null : s3.settings();
        }
    }

    public record S3(String endpoint, String region, String accessKey, String secretKey, String bucket) {

        public S3Settings settings() {
            return new S3Settings(endpoint, region, accessKey, secretKey, bucket);
        }

        @Override
        public String toString() {
            return "S3[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + "]";
        }
    }

    /** A blank password means none (trust, peer or a {@code .pgpass}). */
    public record Postgres(String host, int port, String user, String password) {

        public PgConnection connection() {
            return new PgConnection(host, port, user, password == null || password.isBlank() ? null : password);
        }

        @Override
        public String toString() {
            return "Postgres[host=" + host + ", port=" + port + ", user=" + user + "]";
        }
    }

    /**
     * Tuning shared by a service's job consumers.
     *
     * @param group             the service's consumer group (default: the application's name); a consumer of a second
     *                          topic derives its own from it
     * @param pollTimeout       longest wait of one poll
     * @param redeliveryBackoff pause before a record whose job threw is delivered again
     * @param revokeWait        how long a revoked partition's running job may finish before it is aborted (well below
     *                          {@code maxPollIntervalMs})
     * @param shutdownTimeout   how long running jobs may finish on shutdown
     * @param maxPollIntervalMs Kafka's {@code max.poll.interval.ms}
     * @param autoOffsetReset   where a new group starts: {@code earliest}, so no command is ever skipped
     * @param maxAttempts       deliveries of a record whose job throws before its failure is announced and
     *                          dead-lettered
     */
    public record Consumer(String group, Duration pollTimeout, Duration redeliveryBackoff, Duration revokeWait,
                           Duration shutdownTimeout, Integer maxPollIntervalMs, String autoOffsetReset,
                           Integer maxAttempts) {

        public Consumer {
            pollTimeout = pollTimeout == null ? Duration.ofMillis(500) : pollTimeout;
            redeliveryBackoff = redeliveryBackoff == null ? Duration.ofSeconds(30) : redeliveryBackoff;
            revokeWait = revokeWait == null ? Duration.ofSeconds(20) : revokeWait;
            shutdownTimeout = shutdownTimeout == null ? Duration.ofSeconds(60) : shutdownTimeout;
            autoOffsetReset = autoOffsetReset == null || autoOffsetReset.isBlank() ? "earliest" : autoOffsetReset;
            maxAttempts = maxAttempts == null ? PartitionedJobConsumer.Settings.DEFAULT_MAX_ATTEMPTS : maxAttempts;
        }
    }
}
