package com.aquastream.backup.catalog.backups;

import com.aquastream.backup.catalog.backups.jdbc.JdbcRefusalLog;
import com.aquastream.backup.catalog.backups.metrics.BackupMetrics;
import com.aquastream.backup.catalog.config.CatalogProperties;
import com.aquastream.backup.catalog.retention.Retention;
import com.aquastream.backup.core.platform.Outbox;
import com.aquastream.backup.core.platform.ScheduledTask;
import com.aquastream.backup.core.platform.Transactions;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Wires the backups feature: the targets, the use cases recording results, manual backups, pins and the status check,
 * the refusal log, the metrics and their refresh task (STYLE rule 10). The catalog itself ({@code BackupCatalog}) is
 * the JPA adapter's ({@code backups.jpa}); the results reach the use case through the one job consumer
 * ({@code config.KafkaConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
class BackupsConfiguration {

    static final String METRICS = "metrics-refresh";

    /** Every target, PostgreSQL and Redis ({@link CatalogProperties#allTargets}). */
    @Bean
    Targets targets(CatalogProperties props) {
        return props.allTargets();
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

    /** The per-schema gauges re-read from the catalog (other instances' work), on the platform's timer. */
    @Bean
    ScheduledTask metricsRefreshTask(CatalogProperties props, BackupMetrics metrics) {
        return ScheduledTask.every(METRICS, props.metrics().refreshInterval(), metrics::refresh);
    }
}
