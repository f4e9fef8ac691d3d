package com.aquastream.backup.offsite.config;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code offsite.*} settings; defaults in application.yml. */
@ConfigurationProperties("offsite")
public record OffsiteProperties(List<String> tiers, String target, Store primary, S3 offsite, Retention retention,
                                Consumer consumer) {

    /** Copies kept offsite per schema (its own policy; by default the manual's 4 weekly and 3 monthly). */
    public record Retention(int weekly, int monthly) {
    }

    /** The primary store the backup-worker writes: {@code filesystem} or {@code s3}. */
    public record Store(String type, String filesystemRoot, S3 s3) {
    }

    public record S3(String endpoint, String region, String accessKey, String secretKey, String bucket) {
        @Override
        public String toString() {
            return "S3[endpoint=" + endpoint + ", bucket=" + bucket + "]";
        }
    }

    /** {@code group}: consumer group of {@code backup.completed}; expiries use {@code <group>-expiry}. */
    public record Consumer(String group, Duration pollTimeout, Duration redeliveryBackoff, Duration shutdownTimeout,
                           String autoOffsetReset) {
    }
}
