package com.aquastream.backup.restore.config;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code restore.*} settings; defaults in application.yml.
 *
 * @param signingKey       the HMAC key shared with the issuers (env {@code RESTORE_SIGNING_KEY}, ≥ 32 bytes); required
 * @param allowedDatabases databases a restore may write into (a missing one is created by a restore into it)
 * @param parallelJobs     {@code pg_restore -j} for a schema absent from its target (disaster recovery)
 */
@ConfigurationProperties("restore")
public record RestoreProperties(String signingKey, List<String> allowedDatabases, String workDir,
                                Duration restoreTimeout, Duration safetyBackupTimeout, String maintenanceDatabase,
                                int parallelJobs, Store store, Postgres postgres, Consumer consumer,
                                Redis redis) {

    public record Store(String type, String filesystemRoot, S3 s3) {
    }

    public record S3(String endpoint, String region, String accessKey, String secretKey, String bucket) {
        @Override
        public String toString() {
            return "S3[endpoint=" + endpoint + ", bucket=" + bucket + "]";
        }
    }

    public record Postgres(String host, int port, String user, String password) {
        @Override
        public String toString() {
            return "Postgres[host=" + host + ", port=" + port + ", user=" + user + "]";
        }
    }

    /**
     * {@code group}: the consumer group of {@code restore.requested} (default {@code restore-worker});
     * {@code concurrency}: restores run at once (of different schemas: each partition runs one at a time).
     */
    public record Consumer(String group, int concurrency, Duration pollTimeout, Duration redeliveryBackoff,
                           Duration shutdownTimeout, String autoOffsetReset) {
    }

    /**
     * {@code restore.redis.*}: {@code serverCommand} is the {@code redis-server} a Redis VERIFY loads the snapshot
     * into (a name on PATH or a path; default {@code redis-server}), at least the version that wrote the snapshots.
     */
    public record Redis(String serverCommand) {
        public String serverCommandOrDefault() {
            return serverCommand == null || serverCommand.isBlank() ? "redis-server" : serverCommand;
        }
    }

    @Override
    public String toString() {
        return "RestoreProperties[allowedDatabases=" + allowedDatabases + ", store=" + store + "]";
    }
}
