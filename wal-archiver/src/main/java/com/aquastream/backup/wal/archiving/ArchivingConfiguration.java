package com.aquastream.backup.wal.archiving;

import com.aquastream.backup.core.pipeline.ArchivePipeline;
import com.aquastream.backup.core.platform.EventPublisher;
import com.aquastream.backup.core.platform.ServiceTopics;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.core.wal.WalShipper;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.wal.archiving.boot.ClusterTasks;
import com.aquastream.backup.wal.archiving.boot.WalArchiverHealth;
import com.aquastream.backup.wal.archiving.boot.WalArchivingLifecycle;
import com.aquastream.backup.wal.archiving.jdbc.JdbcPgServer;
import com.aquastream.backup.wal.config.WalArchiverProperties;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the archiving: the checked settings, one {@link ClusterArchiver} per cluster on backup-core's
 * {@code PgReceiveWal} and {@link WalShipper}, the platform's publisher and store, the per-cluster timer tasks
 * ({@link ClusterTasks}), the metrics, the health component {@code walArchiver} and the shutdown that stops
 * pg_receivewal ({@link WalArchivingLifecycle}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WalArchiverProperties.class)
class ArchivingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ArchivingConfiguration.class);

    @Bean
    ServiceTopics walTopics() {
        return ServiceTopics.of(Topics.WAL_ARCHIVED, Topics.WAL_STATUS, Topics.BASEBACKUP_REQUESTED,
                Topics.BASEBACKUP_COMPLETED, Topics.BASEBACKUP_FAILED,
                Topics.deadLetterOf(Topics.BASEBACKUP_REQUESTED));
    }

    @Bean
    WalSettings walSettings(WalArchiverProperties props) {
        WalSettings settings = props.settings();
        settings.clusters().forEach(cluster -> log.info("archiving the WAL of {}", cluster));
        return settings;
    }

    @Bean
    WalArchiving walArchiving(WalSettings settings, WalArchiverProperties props, ObjectStore objectStore,
                              EventPublisher publisher, Clock clock, MeterRegistry registry) {
        List<ClusterArchiver> archivers = settings.clusters().stream().map(cluster -> new ClusterArchiver(cluster,
                        settings, new PgReceiveWalReceiver(cluster, settings.binDir()), new JdbcPgServer(cluster),
                        segmentBytes -> new WalShipper(cluster.name(), cluster.directory(), segmentBytes, objectStore,
                                new ArchivePipeline(), settings.compression(), settings.compressionLevel(), clock),
                        publisher::publish, objectStore.name(), clock))
                .toList();
        archivers.forEach(archiver -> metrics(archiver, registry));
        HousekeepingSettings kept = props.housekeeping();
        log.info("retention keeps every moment of the last {} recoverable (every {}); the WAL chain is checked every {}",
                kept.retentionWindow(), kept.retentionInterval(), kept.chainCheckInterval());
        List<ClusterHousekeeping> housekeeping = archivers.stream()
                .map(archiver -> new ClusterHousekeeping(archiver, objectStore, kept, clock)).toList();
        housekeeping.forEach(h -> FunctionCounter.builder("backup.wal.retention.deleted", h,
                        ClusterHousekeeping::deletedObjects)
                .description("Objects (base backups' files, WAL segments, sidecars) retention deleted")
                .tag("cluster", h.name()).register(registry));
        return new WalArchiving(settings, archivers, housekeeping);
    }

    /** One {@code ScheduledTask} bean per round and cluster, for the platform's timer. */
    @Bean
    static ClusterTasks walClusterTasks() {
        return new ClusterTasks();
    }

    @Bean
    WalArchivingLifecycle walArchivingLifecycle(WalArchiving walArchiving) {
        return new WalArchivingLifecycle(walArchiving);
    }

    @Bean
    WalArchiverHealth walArchiverHealthIndicator(WalArchiving walArchiving, WalSettings settings, Clock clock) {
        return new WalArchiverHealth(walArchiving, settings.notReceivingLimit(), clock);
    }

    private static void metrics(ClusterArchiver archiver, MeterRegistry registry) {
        String cluster = archiver.name();
        Gauge.builder("backup.wal.lag.bytes", archiver,
                        a -> a.lastLag().map(lag -> (double) lag.bytes()).orElse(Double.NaN))
                .description("WAL bytes the server wrote that are not in the store yet (NaN: unknown)")
                .tag("cluster", cluster).register(registry);
        Gauge.builder("backup.wal.lag.seconds", archiver,
                        a -> a.lastLag().map(lag -> (double) lag.behind().toSeconds()).orElse(Double.NaN))
                .description("How long those bytes have waited (NaN: unknown)")
                .tag("cluster", cluster).register(registry);
        FunctionCounter.builder("backup.wal.segments.shipped", archiver, ClusterArchiver::segmentsShipped)
                .description("Completed WAL segments stored and verified").tag("cluster", cluster).register(registry);
        FunctionCounter.builder("backup.wal.receiver.restarts", archiver, ClusterArchiver::receiverRestarts)
                .description("Times pg_receivewal was started again after it ended").tag("cluster", cluster)
                .register(registry);
        Gauge.builder("backup.wal.missing.segments", archiver,
                        a -> a.lastChain().map(gaps -> (double) gaps.missingCount()).orElse(Double.NaN))
                .description("WAL segments missing from the archive's chain at the last check (NaN: not checked yet)")
                .tag("cluster", cluster).register(registry);
        Gauge.builder("backup.wal.receiving", archiver, a -> a.receiving() ? 1 : 0)
                .description("1 while pg_receivewal runs for the cluster").tag("cluster", cluster)
                .register(registry);
    }
}
