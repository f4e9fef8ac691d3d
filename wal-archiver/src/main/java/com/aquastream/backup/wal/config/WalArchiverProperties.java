package com.aquastream.backup.wal.config;

import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.wal.archiving.ClusterSettings;
import com.aquastream.backup.wal.archiving.HousekeepingSettings;
import com.aquastream.backup.wal.archiving.WalSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.scheduling.support.CronExpression;

/**
 * {@code backup.wal.*} settings; defaults in application.yml. Turned into the plain {@link WalSettings} (and the base
 * backups' settings) by {@link #settings()} and {@link #baseBackupCron()}, which stop the start with a message naming
 * the property when a value is wrong. Why here, public, and not in a feature's package: it is bound by Spring, and in
 * a feature's package only its {@code @Configuration} may depend on Spring ({@code WalArchiverArchitectureTest}).
 *
 * @param clusters           the clusters to archive
 * @param spool              where each cluster's receive directory is by default ({@code <spool>/<name>})
 * @param binDir             PostgreSQL's programs (env {@code PG_BINDIR}); empty: from the PATH
 * @param shipInterval       completed segments are shipped this often
 * @param partialInterval    the segment being received is shipped this often (the RPO without traffic)
 * @param statusInterval     {@code wal.status} per cluster this often
 * @param restartBackoff     first wait before a dead pg_receivewal is started again (doubling)
 * @param restartBackoffMax  the longest such wait
 * @param compression        {@code gzip} or {@code zstd}
 * @param compressionLevel   codec level, 0 or less for the codec's default (gzip 6, zstd 3). Why 0 is mapped: backup-core's
 *                           gzip takes level 0 as "store uncompressed" (for compressed content), and an archive of
 *                           WAL stored uncompressed is 1000 times the size for nothing
 * @param basebackup         the base backups
 * @param retention          what the archive keeps ({@code window}, default 7 days) and how often it is trimmed
 *                           ({@code interval}, default 1 h)
 * @param chainCheckInterval how often the WAL chain is checked for missing segments (default 5 min)
 */
@ConfigurationProperties("backup.wal")
public record WalArchiverProperties(List<Cluster> clusters, String spool, String binDir, Duration shipInterval,
                                    Duration partialInterval, Duration statusInterval, Duration restartBackoff,
                                    Duration restartBackoffMax, String compression, int compressionLevel,
                                    BaseBackup basebackup, Retention retention, Duration chainCheckInterval) {

    /**
     * One cluster.
     *
     * @param password  from the environment (e.g. {@code BACKUP_WAL_CLUSTERS_0_PASSWORD}); never logged
     * @param slot      default {@code backup_wal_<name>}
     * @param directory default {@code <spool>/<name>}
     */
    public record Cluster(String name, String host, Integer port, String user, String password, String slot,
                          String directory) {

        @Override
        public String toString() {
            return "Cluster[name=" + name + ", host=" + host + ", port=" + port + ", user=" + user + ", password="
                    + (password == null || password.isEmpty() ? "<none>" : "<set>") + ", slot=" + slot
                    + ", directory=" + directory + "]";
        }
    }

    /**
     * @param cron         Spring cron expression in UTC of the scheduled base backups; {@code -} for none
     * @param maxAttempts  attempts of one base backup before {@code basebackup.failed}
     * @param retryBackoff wait between two attempts
     */
    public record BaseBackup(String cron, Integer maxAttempts, Duration retryBackoff) {
    }

    /**
     * @param window   every moment this far back stays recoverable
     * @param interval retention runs this often
     */
    public record Retention(Duration window, Duration interval) {
    }

    /** The checked retention and chain-check settings; an absent value is the default. */
    public HousekeepingSettings housekeeping() {
        HousekeepingSettings defaults = HousekeepingSettings.DEFAULTS;
        return new HousekeepingSettings(
                retention == null || retention.window() == null ? defaults.retentionWindow() : retention.window(),
                retention == null || retention.interval() == null ? defaults.retentionInterval()
                        : retention.interval(),
                chainCheckInterval == null ? defaults.chainCheckInterval() : chainCheckInterval);
    }

    /** The checked, plain settings of the archiving. */
    public WalSettings settings() {
        Path spoolDir = Path.of(spool == null || spool.isBlank() ? "wal-spool" : spool.trim());
        List<ClusterSettings> checked = (clusters == null ? List.<Cluster>of() : clusters).stream()
                .map(c -> new ClusterSettings(c.name(), c.host(), c.port() == null ? 5432 : c.port(),
                        c.user() == null || c.user().isBlank() ? "postgres" : c.user().trim(), c.password(),
                        c.slot() == null || c.slot().isBlank() ? ClusterSettings.defaultSlot(c.name()) : c.slot().trim(),
                        c.directory() == null || c.directory().isBlank() ? spoolDir.resolve(String.valueOf(c.name()))
                                : Path.of(c.directory().trim())))
                .toList();
        return new WalSettings(checked, binDir == null || binDir.isBlank() ? null : Path.of(binDir.trim()),
                shipInterval, partialInterval, statusInterval, restartBackoff, restartBackoffMax,
                checkedCompression(), compressionLevel <= 0 ? -1 : compressionLevel);
    }

    /** The base backups' cron expression, checked; {@code "-"} when none are scheduled. */
    public String baseBackupCron() {
        String cron = basebackup == null || basebackup.cron() == null ? "-" : basebackup.cron().trim();
        if (cron.isEmpty() || cron.equals("-")) {
            return "-";
        }
        try {
            CronExpression.parse(cron);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("backup.wal.basebackup.cron is not a cron expression: " + cron
                    + " (" + e.getMessage() + ")");
        }
        return cron;
    }

    /** Attempts of one base backup (at least one). */
    public int baseBackupMaxAttempts() {
        int attempts = basebackup == null || basebackup.maxAttempts() == null ? 3 : basebackup.maxAttempts();
        if (attempts < 1) {
            throw new IllegalArgumentException("backup.wal.basebackup.max-attempts must be at least 1, was "
                    + attempts);
        }
        return attempts;
    }

    /** The wait between attempts of one base backup (zero or more). */
    public Duration baseBackupRetryBackoff() {
        Duration backoff = basebackup == null || basebackup.retryBackoff() == null ? Duration.ofMinutes(1)
                : basebackup.retryBackoff();
        if (backoff.isNegative()) {
            throw new IllegalArgumentException("backup.wal.basebackup.retry-backoff must not be negative");
        }
        return backoff;
    }

    private Compression checkedCompression() {
        String name = compression == null || compression.isBlank() ? "gzip" : compression.trim();
        try {
            return Compression.fromWireName(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("backup.wal.compression must be gzip or zstd, was " + name);
        }
    }
}
