package com.aquastream.backup.restore.config;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code restore.*} settings; defaults in application.yml. The primary store, PostgreSQL and the consumer's tuning are
 * the platform's ({@code backup.platform.*}, backup-core {@code PlatformProperties}). Read only by the recovery
 * feature's configuration ({@code recovery.RecoveryConfiguration}), which turns it into the core's plain settings;
 * it stays out of that package because a Spring-annotated record there would be feature core depending on Spring
 * (the architecture rules exempt only a feature's {@code @Configuration}).
 *
 * @param signingKey       the HMAC key shared with the issuers (env {@code RESTORE_SIGNING_KEY}, ≥ 32 bytes); required
 * @param allowedDatabases databases a restore may write into (a missing one is created by a restore into it)
 * @param parallelJobs     {@code pg_restore -j} for a schema absent from its target (disaster recovery)
 * @param concurrency      restores run at once (of different schemas: each partition runs one at a time)
 * @param maxCommandAge    a command older than this when it first arrives is {@code restore.rejected} (EXPIRED);
 *                         default 15 minutes
 * @param maxClockSkew     how far in the future a command's {@code occurredAt} may lie (issuer's clock ahead);
 *                         default 1 minute
 */
@ConfigurationProperties("restore")
public record RestoreProperties(String signingKey, List<String> allowedDatabases, String workDir,
                                Duration restoreTimeout, Duration safetyBackupTimeout, String maintenanceDatabase,
                                int parallelJobs, int concurrency, Redis redis, Offsite offsite,
                                Duration maxCommandAge, Duration maxClockSkew, Pitr pitr) {

    /**
     * {@code restore.pitr.*}: point-in-time recovery (mode PITR) from the base backups and WAL the wal-archiver
     * stores for {@code cluster} in the primary store. {@code binDir} holds the server programs of the cluster's major
     * version (postgres, pg_ctl, pg_verifybackup, pg_dump, psql); {@code osUser} runs them (blank: {@code postgres}
     * when the worker runs as root, which PostgreSQL refuses, else the worker's own user); {@code superuser} is the
     * cluster's role tools connect as over the recovery's private socket; {@code timeout} bounds one replay;
     * {@code workDir} holds the recovering servers' directories (a short path the server's OS user can traverse to,
     * so not inside {@code restore.work-dir}, which is private to the worker).
     */
    public record Pitr(String cluster, String binDir, String osUser, String superuser, Duration timeout,
                       String workDir) {
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

    /**
     * {@code restore.offsite.*}: the offsite store (the offsite-replicator's target), read when the primary has no
     * archive or manifest under the key; off while {@code endpoint} is blank. The encryption keys decrypt encrypted
     * copies (same values as the replicator's): {@code encryptionKeyset} ({@code OFFSITE_ENCRYPTION_KEYSET}, Tink)
     * those written now, the legacy {@code OFFSITE_ENCRYPTION_KEY_ID}, {@code _KEY} and {@code _PREVIOUS_KEYS} those
     * written before Tink. {@code acceptV1Copies} ({@code OFFSITE_ENCRYPTION_ACCEPT_V1}, default false) also reads
     * copies encrypted before format version 2, which are bound to no key or backup.
     */
    public record Offsite(String endpoint, String region, String accessKey, String secretKey, String bucket,
                          String encryptionKeyset, String encryptionKeyId, String encryptionKey,
                          String previousEncryptionKeys, Boolean acceptV1Copies) {

        public boolean enabled() {
            return endpoint != null && !endpoint.isBlank();
        }

        @Override
        public String toString() {
            return "Offsite[endpoint=" + endpoint + ", bucket=" + bucket + ", encryptionKeyId=" + encryptionKeyId
                    + "]";
        }
    }

    @Override
    public String toString() {
        return "RestoreProperties[allowedDatabases=" + allowedDatabases + ", concurrency=" + concurrency + "]";
    }
}
