package com.aquastream.backup.catalog.config;

import com.aquastream.backup.catalog.backups.BackupCatalog;
import com.aquastream.backup.catalog.backups.BackupResults;
import com.aquastream.backup.catalog.backups.ManualBackups;
import com.aquastream.backup.catalog.backups.Pins;
import com.aquastream.backup.catalog.backups.RefusalLog;
import com.aquastream.backup.catalog.backups.ResultTrust;
import com.aquastream.backup.catalog.backups.SchemaRef;
import com.aquastream.backup.catalog.backups.StatusReport;
import com.aquastream.backup.catalog.backups.Targets;
import com.aquastream.backup.catalog.backups.Transactions;
import com.aquastream.backup.catalog.backups.jdbc.JdbcRefusalLog;
import com.aquastream.backup.catalog.retention.ExpirySigner;
import com.aquastream.backup.catalog.retention.Keep;
import com.aquastream.backup.catalog.retention.RedisKeep;
import com.aquastream.backup.catalog.retention.Retention;
import com.aquastream.backup.catalog.retention.RetentionPolicy;
import com.aquastream.backup.catalog.retention.RetentionSettings;
import com.aquastream.backup.catalog.schedule.ScheduleBook;
import com.aquastream.backup.catalog.schedule.ScheduledTiers;
import com.aquastream.backup.catalog.schedule.Scheduler;
import com.aquastream.backup.catalog.restores.RestoreLog;
import com.aquastream.backup.catalog.restores.RestoreOutcomes;
import com.aquastream.backup.catalog.restores.RestoreRequests;
import com.aquastream.backup.catalog.restores.RestoreSigner;
import com.aquastream.backup.catalog.restores.VerificationDrills;
import com.aquastream.backup.catalog.restores.jdbc.JdbcRestoreLog;
import com.aquastream.backup.core.platform.Outbox;
import com.aquastream.backup.core.security.ExpirySignatures;
import com.aquastream.backup.core.security.RestoreSignatures;
import com.aquastream.backup.events.BackupExpired;
import com.aquastream.backup.events.RestoreRequested;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import javax.sql.DataSource;

/** Wires the catalog: plain use cases and their adapters, built explicitly (STYLE rule 10). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CatalogProperties.class)
class CatalogConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CatalogConfiguration.class);

    /** The manual's six schemas of the application database: the targets when none are configured. */
    static final Map<String, List<String>> MANUAL_TARGETS = Map.of(
            "aquastream", List.of("user", "event", "crew", "payment", "notification", "media"));

    /**
     * Every target: the PostgreSQL schemas and the Redis instances (database {@code redis}), from the configuration
     * only. The status check, manual backups, restore-all and the gauges cover them all; each schedule and the drills
     * take their own part. What the catalog hears of other schemas (refused requests, backups of a schema no longer
     * configured) never adds a target.
     */
    @Bean
    Targets targets(CatalogProperties props) {
        List<SchemaRef> schemas = new ArrayList<>(postgresTargets(props).schemas());
        schemas.addAll(redisTargets(props).schemas());
        return new Targets(schemas);
    }

    static Targets postgresTargets(CatalogProperties props) {
        Map<String, List<String>> configured = props.schedule() == null || props.schedule().targets() == null
                || props.schedule().targets().isEmpty() ? MANUAL_TARGETS : props.schedule().targets();
        List<SchemaRef> schemas = new ArrayList<>();
        configured.forEach((database, names) -> {
            if (RetentionSettings.REDIS.equals(database)) {
                throw new IllegalArgumentException("catalog.schedule.targets.redis: list Redis instances under"
                        + " catalog.schedule.redis.instances (they have their own schedule and retention)");
            }
            names.forEach(schema -> schemas.add(new SchemaRef(database, schema)));
        });
        return new Targets(schemas);
    }

    static Targets redisTargets(CatalogProperties props) {
        CatalogProperties.Redis redis = props.schedule() == null ? null : props.schedule().redis();
        List<String> instances = redis == null || redis.instances() == null ? List.of() : redis.instances();
        return new Targets(instances.stream().filter(i -> !i.isBlank())
                .map(i -> new SchemaRef(RetentionSettings.REDIS, i.trim())).toList());
    }

    static String redisCron(CatalogProperties props) {
        return props.schedule() == null || props.schedule().redis() == null ? null : props.schedule().redis().cron();
    }

    @Bean
    RetentionSettings retentionSettings(CatalogProperties props) {
        CatalogProperties.Retention r = props.retention();
        Keep defaults = r == null || r.defaults() == null ? Keep.DEFAULT : r.defaults().over(Keep.DEFAULT);
        Map<SchemaRef, Keep> perSchema = new HashMap<>();
        if (r != null && r.schemas() != null) {
            r.schemas().forEach((database, schemas) -> schemas.forEach((schema, counts) ->
                    perSchema.put(new SchemaRef(database, schema), counts.over(defaults))));
        }
        RedisKeep redis = r == null || r.redis() == null ? RedisKeep.DEFAULT : r.redis().over(RedisKeep.DEFAULT);
        return new RetentionSettings(defaults, perSchema, redis);
    }

    @Bean
    Retention retention(BackupCatalog catalog, Outbox outbox, Transactions transactions, RetentionSettings settings,
                        ExpirySigner expirySigner) {
        return new Retention(catalog, outbox, transactions, new RetentionPolicy(settings), expirySigner);
    }

    /**
     * The expiry signer: its key is the deleters' ({@code EXPIRY_SIGNING_KEY}, a key of its own, not the restore
     * key). Unset: the service runs and plans retention, but expires nothing (the plan says why). Set but shorter
     * than 32 bytes, or a malformed key id: the service does not start.
     */
    @Bean
    ExpirySigner expirySigner(CatalogProperties props) {
        CatalogProperties.Expiry expiry = props.expiry();
        String key = expiry == null ? null : expiry.signingKey();
        if (key == null || key.isBlank()) {
            log.warn("no expiry signing key (catalog.expiry.signing-key / EXPIRY_SIGNING_KEY): retention is paused,"
                    + " nothing is expired and no backup.expired is issued");
            return ExpirySigner.DISABLED;
        }
        String keyId = expiry.keyId() == null || expiry.keyId().isBlank() ? "expiry-1" : expiry.keyId().trim();
        ExpirySignatures signatures = new ExpirySignatures(keyId, key.getBytes(StandardCharsets.UTF_8));
        log.info("backup.expired is signed with expiry key id {}", keyId);
        return new ExpirySigner() {
            @Override
            public BackupExpired signed(BackupExpired event) {
                return signatures.signed(event);
            }

            @Override
            public boolean enabled() {
                return true;
            }
        };
    }

    @Bean
    BackupMetrics backupMetrics(MeterRegistry registry, StatusReport status, Targets targets) {
        return new BackupMetrics(registry, status, targets);
    }

    @Bean
    JdbcRefusalLog refusalLog(DataSource dataSource) {
        return new JdbcRefusalLog(new JdbcTemplate(dataSource));
    }

    /** Refuses results stamped in the future beyond {@code catalog.trust.max-clock-skew}, by the service's clock. */
    @Bean
    ResultTrust resultTrust(CatalogProperties props, Clock clock, BackupMetrics metrics) {
        return new ResultTrust(clock, props.trust() == null ? ResultTrust.DEFAULT_MAX_CLOCK_SKEW
                : props.trust().maxClockSkewOrDefault(), metrics);
    }

    @Bean
    BackupResults backupResults(BackupCatalog catalog, Targets targets, RefusalLog refusals, Transactions transactions,
                                Retention retention, BackupMetrics metrics, Clock clock, ResultTrust trust) {
        return new BackupResults(catalog, targets, refusals, transactions, retention, metrics, clock, trust);
    }

    @Bean
    ManualBackups manualBackups(Targets targets, BackupCatalog catalog, Outbox outbox, Transactions transactions) {
        return new ManualBackups(targets, catalog, outbox, transactions);
    }

    @Bean
    Pins pins(BackupCatalog catalog, Transactions transactions) {
        return new Pins(catalog, transactions);
    }

    @Bean
    StatusReport statusReport(Targets targets, BackupCatalog catalog, RefusalLog refusals,
                              Transactions transactions) {
        return new StatusReport(targets, catalog, refusals, transactions);
    }

    /** The PostgreSQL schedule (primary: the one {@code Scheduler} callers mean). */
    @Bean
    @Primary
    Scheduler scheduler(CatalogProperties props, ScheduleBook book, BackupCatalog catalog, Outbox outbox,
                        Transactions transactions) {
        return new Scheduler(CronSlotCalendar.of(props.schedule().cron()), postgresTargets(props), book, catalog,
                outbox, transactions);
    }

    /** The Redis instances' schedule: hourly by default, one DAILY-tier snapshot per slot. */
    @Bean
    Scheduler redisScheduler(CatalogProperties props, ScheduleBook book, BackupCatalog catalog, Outbox outbox,
                             Transactions transactions) {
        return new Scheduler(CronSlotCalendar.of(redisCron(props)), redisTargets(props), book, catalog, outbox,
                transactions, ScheduledTiers::redisSnapshot);
    }

    /**
     * The restore signer: the key is the restore-worker's ({@code RESTORE_SIGNING_KEY}). Unset: the service runs,
     * restores answer 503 and drills are off. Set but shorter than 32 bytes: the service does not start, since a key
     * the restore-worker refuses would make every restore fail later instead of now.
     */
    @Bean
    RestoreSigner restoreSigner(CatalogProperties props) {
        String key = props.restore() == null ? null : props.restore().signingKey();
        if (key == null || key.isBlank()) {
            log.warn("no restore signing key (catalog.restore.signing-key / RESTORE_SIGNING_KEY): restore requests"
                    + " are refused and verification drills are off");
            return RestoreSigner.DISABLED;
        }
        RestoreSignatures signatures = new RestoreSignatures(key.getBytes(StandardCharsets.UTF_8));
        return new RestoreSigner() {
            @Override
            public RestoreRequested signed(RestoreRequested command) {
                return signatures.signed(command);
            }

            @Override
            public boolean enabled() {
                return true;
            }
        };
    }

    @Bean
    JdbcRestoreLog restoreLog(DataSource dataSource, Clock clock) {
        return new JdbcRestoreLog(new JdbcTemplate(dataSource), clock);
    }

    @Bean
    RestoreRequests restoreRequests(Targets targets, BackupCatalog catalog, RestoreLog restoreLog, Outbox outbox,
                                    Transactions transactions, RestoreSigner signer) {
        return new RestoreRequests(targets, catalog, restoreLog, outbox, transactions, signer);
    }

    @Bean
    RestoreOutcomes restoreOutcomes(BackupCatalog catalog, RestoreLog restoreLog, Transactions transactions,
                                    BackupMetrics metrics, Clock clock, ResultTrust trust) {
        return new RestoreOutcomes(catalog, restoreLog, transactions, metrics::verified, clock, trust);
    }

    /** Drills cover the scheduled PostgreSQL schemas. */
    @Bean
    VerificationDrills verificationDrills(CatalogProperties props, BackupCatalog catalog, RestoreLog restoreLog,
                                          Outbox outbox, Transactions transactions, RestoreSigner signer) {
        return new VerificationDrills(CronSlotCalendar.of(verificationCron(props)), postgresTargets(props), catalog,
                restoreLog, outbox, transactions, signer);
    }

    static String verificationCron(CatalogProperties props) {
        return props.verification() == null ? null : props.verification().cron();
    }
}
