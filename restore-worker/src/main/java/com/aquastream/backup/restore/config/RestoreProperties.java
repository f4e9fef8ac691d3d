package com.aquastream.backup.restore.config;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code restore.*} settings; defaults in application.yml.
 *
 * @param signingKey       the HMAC key shared with the issuers (env {@code RESTORE_SIGNING_KEY}, ≥ 32 bytes); required
 * @param allowedDatabases databases a restore may write into
 */
@ConfigurationProperties("restore")
public record RestoreProperties(String signingKey, List<String> allowedDatabases, String workDir,
                                Duration restoreTimeout, Duration safetyBackupTimeout, String maintenanceDatabase,
                                Store store, Postgres postgres, Consumer consumer) {

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

    /** {@code group}: the consumer group of {@code restore.requested} (default {@code restore-worker}). */
    public record Consumer(String group, Duration pollTimeout, Duration redeliveryBackoff, Duration shutdownTimeout,
                           String autoOffsetReset) {
    }

    @Override
    public String toString() {
        return "RestoreProperties[allowedDatabases=" + allowedDatabases + ", store=" + store + "]";
    }
}
