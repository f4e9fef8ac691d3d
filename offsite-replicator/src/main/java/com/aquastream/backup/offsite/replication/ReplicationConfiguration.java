package com.aquastream.backup.offsite.replication;

import com.aquastream.backup.core.crypto.Keyring;
import com.aquastream.backup.core.crypto.OffsiteEncryption;
import com.aquastream.backup.core.kafka.EventRecordHandler;
import com.aquastream.backup.core.platform.EventPublisher;
import com.aquastream.backup.core.platform.JobConsumer;
import com.aquastream.backup.core.platform.JobConsumers;
import com.aquastream.backup.core.platform.ServiceTopics;
import com.aquastream.backup.core.security.ExpiryGuard;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.core.store.S3ObjectStore;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupExpired;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.offsite.config.OffsiteProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the replication feature: the plain use cases {@link ReplicationService} (copies) and {@link OffsiteExpiry}
 * (offsite retention) on the offsite S3 store, built explicitly (STYLE rule 10). It lives in the feature's package so
 * the use cases and their settings stay package-private; the platform's beans
 * ({@link JobConsumers}, {@link EventPublisher}, the primary {@link ObjectStore}) come from backup-core's
 * auto-configuration.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OffsiteProperties.class)
class ReplicationConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ReplicationConfiguration.class);

    @Bean
    ServiceTopics offsiteTopics() {
        return ServiceTopics.of(Topics.BACKUP_COMPLETED, Topics.BACKUP_REPLICATED, Topics.REPLICATION_FAILED,
                Topics.BACKUP_EXPIRED, Topics.deadLetterOf(Topics.BACKUP_COMPLETED),
                Topics.deadLetterOf(Topics.BACKUP_EXPIRED));
    }

    @Bean
    ReplicationLag replicationLag(Clock clock, MeterRegistry registry) {
        ReplicationLag lag = new ReplicationLag(clock);
        Gauge.builder("offsite.replication.lag", lag, l -> l.lag().toMillis() / 1000.0).baseUnit("seconds")
                .description("How long the oldest completed backup has waited for its offsite copy")
                .register(registry);
        Gauge.builder("offsite.replication.pending", lag, ReplicationLag::pending)
                .description("Completed backups waiting for their offsite copy").register(registry);
        return lag;
    }

    @Bean(destroyMethod = "")
    ObjectStore offsiteStore(OffsiteProperties props) throws IOException {
        return S3ObjectStore.connect(props.destination().settings());
    }

    @Bean
    ReplicationService replicationService(OffsiteProperties props, ObjectStore objectStore, ObjectStore offsiteStore,
                                          EventPublisher publisher, ReplicationLag lag,
                                          Clock clock, MeterRegistry registry) {
        ReplicationSettings settings = new ReplicationSettings(
                props.tiers().stream().map(Tier::valueOf).collect(Collectors.toSet()), props.target(),
                keyring(props));
        return new ReplicationService(objectStore, offsiteStore,
                new MeteredReplicationEvents(publisher::publish, registry), settings,
                lag, clock);
    }

    /** Copies run two at a time (of different schemas); a running copy may end on shutdown. */
    @Bean
    JobConsumer backupCompletedConsumer(JobConsumers consumers, ReplicationService service) {
        return consumers.consume(Topics.BACKUP_COMPLETED, 2,
                EventRecordHandler.of(BackupCompleted.class, service::accept));
    }

    /** Offsite expiries have their own group: every expiry reaches one instance, next to the copying. */
    @Bean
    JobConsumer backupExpiredConsumer(JobConsumers consumers, OffsiteProperties props, ObjectStore offsiteStore) {
        OffsiteExpiry expiry = new OffsiteExpiry(offsiteStore,
                new OffsiteRetention(props.retention().weekly(), props.retention().monthly()),
                expiryGuard(props.expiry()));
        return consumers.consume(Topics.BACKUP_EXPIRED, consumers.group() + "-expiry", 1,
                EventRecordHandler.of(BackupExpired.class, expiry::accept));
    }

    /**
     * The checks every {@code backup.expired} passes before an offsite copy is deleted. Without a key the service
     * still copies, but deletes nothing offsite: each expiry is dead-lettered, and the start says so.
     */
    static ExpiryGuard expiryGuard(OffsiteProperties.Expiry expiry) {
        String keyId = expiry == null || expiry.keyId() == null || expiry.keyId().isBlank() ? "expiry-1"
                : expiry.keyId().trim();
        ExpiryGuard guard = ExpiryGuard.fromSettings(keyId, expiry == null ? null : expiry.signingKey(),
                expiry == null ? null : expiry.previousKeys(), "offsite.expiry.signing-key / EXPIRY_SIGNING_KEY");
        if (guard.enabled()) {
            log.info("offsite expiries are enabled: backup.expired signed by the catalog with key id {} is checked"
                    + " and applied", keyId);
        } else {
            log.warn("offsite expiries are DISABLED: no expiry signing key (offsite.expiry.signing-key /"
                    + " EXPIRY_SIGNING_KEY); every backup.expired is refused and dead-lettered, no copy is deleted");
        }
        return guard;
    }

    /**
     * The encryption keys; the empty keyring (copies stored as they are) when no key is configured.
     *
     * @throws IllegalStateException when only legacy keys are set: they no longer encrypt, and storing copies in
     *                               plaintext instead would be a silent downgrade
     */
    static Keyring keyring(OffsiteProperties props) {
        OffsiteProperties.Encryption e = props.encryption();
        Keyring keyring = e == null ? Keyring.empty()
                : Keyring.parse(e.keyset(), e.keyId(), e.key(), e.previousKeys());
        if (keyring.encrypts()) {
            log.info("offsite copies are encrypted ({}) with key id {}; keyring {}", OffsiteEncryption.SCHEME,
                    keyring.primaryKeyId().orElseThrow(), keyring.ids());
        } else if (!keyring.isEmpty()) {
            throw new IllegalStateException("OFFSITE_ENCRYPTION_KEY is set but OFFSITE_ENCRYPTION_KEYSET is not:"
                    + " offsite copies are encrypted with a Tink keyset now, and the raw keys only decrypt copies"
                    + " written before; add a keyset (bin/compose-env adds one; offsite-replicator/SERVICE.md,"
                    + " \"Encryption\") and keep the old keys while their copies are kept");
        } else {
            log.info("offsite copies are NOT encrypted: set OFFSITE_ENCRYPTION_KEYSET to encrypt them");
        }
        return keyring;
    }
}
