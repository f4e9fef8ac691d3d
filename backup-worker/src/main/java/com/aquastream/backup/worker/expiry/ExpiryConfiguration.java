package com.aquastream.backup.worker.expiry;

import com.aquastream.backup.core.kafka.EventRecordHandler;
import com.aquastream.backup.core.platform.JobConsumer;
import com.aquastream.backup.core.platform.JobConsumers;
import com.aquastream.backup.core.platform.ServiceTopics;
import com.aquastream.backup.core.security.ExpiryGuard;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.events.BackupExpired;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.worker.config.WorkerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the expiry feature: the plain use case {@link ExpiryService} on the primary store, behind the catalog's
 * signature check, built explicitly (STYLE rule 10). The platform's beans ({@link JobConsumers},
 * {@link ObjectStore}) come from backup-core's auto-configuration.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WorkerProperties.class)
class ExpiryConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ExpiryConfiguration.class);

    /** The topic of expiries and its dead letters. */
    @Bean
    ServiceTopics backupExpiryTopics() {
        return ServiceTopics.of(Topics.BACKUP_EXPIRED, Topics.deadLetterOf(Topics.BACKUP_EXPIRED));
    }

    /**
     * Expiries are consumed by one group shared by every pool ({@code backup-worker-expiry}): the primary store has
     * one owner, whichever pool an instance serves.
     */
    @Bean
    JobConsumer backupExpiredConsumer(JobConsumers consumers, WorkerProperties props, ObjectStore store) {
        ExpiryService expiries = new ExpiryService(store, expiryGuard(props.expiry()));
        return consumers.consume(Topics.BACKUP_EXPIRED, props.expiryGroupId(), 1,
                EventRecordHandler.of(BackupExpired.class, expiries::accept));
    }

    /**
     * The checks every {@code backup.expired} passes before anything is deleted. Without a key the worker still runs
     * and backs up, but deletes nothing: each expiry is dead-lettered, and the start says so.
     */
    static ExpiryGuard expiryGuard(WorkerProperties.Expiry expiry) {
        String keyId = expiry == null || expiry.keyId() == null || expiry.keyId().isBlank() ? "expiry-1"
                : expiry.keyId().trim();
        ExpiryGuard guard = ExpiryGuard.fromSettings(keyId, expiry == null ? null : expiry.signingKey(),
                expiry == null ? null : expiry.previousKeys(),
                "backup.worker.expiry.signing-key / EXPIRY_SIGNING_KEY");
        if (guard.enabled()) {
            log.info("expiries are enabled: backup.expired signed by the catalog with key id {} is checked and"
                    + " applied", keyId);
        } else {
            log.warn("expiries are DISABLED: no expiry signing key (backup.worker.expiry.signing-key /"
                    + " EXPIRY_SIGNING_KEY); every backup.expired is refused and dead-lettered, nothing is deleted");
        }
        return guard;
    }
}
