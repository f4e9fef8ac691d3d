package com.aquastream.backup.catalog.restores;

import com.aquastream.backup.catalog.backups.BackupCatalog;
import com.aquastream.backup.catalog.backups.ResultTrust;
import com.aquastream.backup.catalog.backups.Targets;
import com.aquastream.backup.catalog.backups.metrics.BackupMetrics;
import com.aquastream.backup.catalog.config.CatalogProperties;
import com.aquastream.backup.catalog.config.CronSlotCalendar;
import com.aquastream.backup.catalog.config.CronTasks;
import com.aquastream.backup.catalog.restores.jdbc.JdbcRestoreLog;
import com.aquastream.backup.core.platform.Outbox;
import com.aquastream.backup.core.platform.ScheduledTask;
import com.aquastream.backup.core.platform.Transactions;
import com.aquastream.backup.core.security.RestoreSignatures;
import com.aquastream.backup.events.RestoreRequested;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Wires the restores: the signer, the restore log, the use cases issuing restores and recording their answers, and
 * the verification drills with their cron task and catch-up on the platform's timer ({@link CronTasks}; STYLE rule
 * 10). The answers reach {@link RestoreOutcomes} through the one job consumer ({@code config.KafkaConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
class RestoresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RestoresConfiguration.class);

    static final String DRILLS = "verification-drills";

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
        java.util.Set<String> pitrDatabases = props.verification() == null ? java.util.Set.of()
                : java.util.Set.copyOf(props.verification().pitrDatabases());
        return new VerificationDrills(CronSlotCalendar.of(verificationCron(props)), props.postgresTargets(), catalog,
                restoreLog, outbox, transactions, signer, pitrDatabases);
    }

    /** Like the backup schedule: a drill missed while the service was down is issued once it is back. */
    @Bean
    ScheduledTask verificationDrillsTask(CatalogProperties props, VerificationDrills drills, Clock clock) {
        return CronTasks.selfTriggeredCron(DRILLS, verificationCron(props), props, drill(drills, clock));
    }

    @Bean
    ScheduledTask verificationDrillsCatchUpTask(CatalogProperties props, VerificationDrills drills, Clock clock) {
        return CronTasks.catchUp(DRILLS, verificationCron(props), props, drill(drills, clock));
    }

    private static String verificationCron(CatalogProperties props) {
        return props.verification() == null ? null : props.verification().cron();
    }

    private static Runnable drill(VerificationDrills drills, Clock clock) {
        return () -> {
            var issued = drills.tick(clock.instant());
            if (!issued.isEmpty()) {
                log.info("requested {} verification drills", issued.size());
            }
        };
    }
}
