package com.aquastream.backup.worker.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code backup.worker.*} settings (defaults in application.yml); the store, PostgreSQL and consumer tuning are the
 * platform's ({@code backup.platform.*}, backup-core {@code PlatformProperties}). Read by both features' wiring
 * ({@code backup.BackupConfiguration}, {@code expiry.ExpiryConfiguration}), which turns it into plain settings objects
 * before they reach the use cases: the one cross-feature type of the service, hence here and public.
 *
 * @param pool            name of this worker pool; the default pool's group id is {@code backup-worker}, a dedicated
 *                        pool's {@code backup-worker-<pool>}
 * @param databases       database → schemas the platform backs up; anything else is refused
 * @param onlySchemas     a dedicated pool serves only these
 * @param excludedSchemas schemas the default pool leaves to dedicated pools
 * @param expiryGroup     consumer group of {@code backup.expired}, shared by every pool of one primary store
 *                        (default {@code backup-worker-expiry})
 * @param expiry          the key {@code backup.expired} must be signed with; without one every expiry is refused
 * @param redis           Redis instances backed up as database {@code redis}, schema = instance name
 * @param maxClockSkew    how far a request's slot may lie ahead of the worker's clock; a later slot is refused
 *                        (default 5 minutes; a past slot is always allowed: catch-up)
 */
@ConfigurationProperties("backup.worker")
public record WorkerProperties(
        String pool,
        int concurrency,
        Map<String, List<String>> databases,
        List<String> onlySchemas,
        List<String> excludedSchemas,
        String compression,
        int compressionLevel,
        int pgDumpCompressLevel,
        Duration dumpTimeout,
        String expiryGroup,
        Expiry expiry,
        Retry retry,
        Redis redis,
        Duration maxClockSkew) {

    /**
     * The catalog's expiry signing key (backup-core {@code ExpirySignatures}), shared with the catalog and the
     * offsite-replicator.
     *
     * @param keyId        id of the current key (env {@code EXPIRY_SIGNING_KEY_ID}, default {@code expiry-1})
     * @param signingKey   the secret, at least 32 bytes (env {@code EXPIRY_SIGNING_KEY}); blank: every
     *                     {@code backup.expired} is refused (dead letter, nothing deleted)
     * @param previousKeys keys rotated out whose signatures are still accepted, {@code id=secret,...} (env
     *                     {@code EXPIRY_PREVIOUS_SIGNING_KEYS})
     */
    public record Expiry(String keyId, String signingKey, String previousKeys) {
        @Override
        public String toString() {
            return "Expiry[keyId=" + keyId + ", signingKey=" + (signingKey == null || signingKey.isBlank() ? "<unset>"
                    : "<set>") + ", previousKeys=" + (previousKeys == null || previousKeys.isBlank() ? "<none>"
                    : "<set>") + "]";
        }
    }

    public record Retry(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff) {
    }

    /**
     * Redis targets. {@code instances}: name → {@code host:port} (names are plain identifiers); {@code passwords}:
     * name → password, meant to come from the environment ({@code BACKUP_WORKER_REDIS_PASSWORDS_<NAME>}), never
     * printed; {@code timeout}: connect timeout and longest silence while syncing; {@code compressionLevel}: the outer
     * codec's level for snapshots.
     */
    public record Redis(Map<String, String> instances, Map<String, String> passwords, Duration timeout,
                        int compressionLevel) {
        @Override
        public String toString() {
            return "Redis[instances=" + instances + ", passwords for " + (passwords == null ? "[]" : passwords.keySet())
                    + ", timeout=" + timeout + ", compressionLevel=" + compressionLevel + "]";
        }
    }

    public String expiryGroupId() {
        return expiryGroup == null || expiryGroup.isBlank() ? "backup-worker-expiry" : expiryGroup;
    }

    public String groupId() {
        return pool == null || pool.isBlank() || pool.equals("default") ? "backup-worker" : "backup-worker-" + pool;
    }
}
