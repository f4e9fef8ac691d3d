package com.aquastream.backup.offsite.replication;

import com.aquastream.backup.core.checksum.ChecksumMismatchException;
import com.aquastream.backup.core.consumer.Job;
import com.aquastream.backup.core.naming.Identifiers;
import com.aquastream.backup.core.offsite.OffsiteCopies;
import com.aquastream.backup.core.store.ObjectKeys;
import com.aquastream.backup.core.store.ObjectNotFoundException;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupReplicated;
import com.aquastream.backup.events.ReplicationFailed;
import com.aquastream.backup.events.StoredObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the long-lived objects of each completed backup to the offsite store: the manual's
 * {@code aws s3 sync --include weekly_* --include monthly_*}, made event-driven and verified.
 *
 * <p>Per object: skip it when the offsite already holds a correct copy (idempotent); else stream it from the primary
 * through a SHA-256 check of its plaintext, and through client-side encryption when a key is configured, into the
 * offsite — a copy whose plaintext does not match the backup's checksum never becomes visible there, and plaintext
 * never leaves the process when encrypting — then write its manifest, sidecar and record ({@link OffsiteCopies})
 * so the offsite alone can restore it, and publish {@code backup.replicated}. A corrupt or
 * missing primary object is a {@code replication.failed} (retrying cannot fix it); an unreachable store is thrown, so
 * the consumer delivers the completion again after a back-off, in order, until the offsite is back.
 */
final class ReplicationService {

    private static final Logger log = LoggerFactory.getLogger(ReplicationService.class);
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private final ObjectStore primary;
    private final ReplicationEvents events;
    private final ReplicationSettings settings;
    private final ReplicationLag lag;
    private final Clock clock;
    private final OffsiteCopies offsiteCopies;

    ReplicationService(ObjectStore primary, ObjectStore offsite, ReplicationEvents events,
                              ReplicationSettings settings, ReplicationLag lag, Clock clock) {
        this.primary = primary;
        this.events = events;
        this.settings = settings;
        this.lag = lag;
        this.clock = clock;
        this.offsiteCopies = new OffsiteCopies(offsite, settings.keyring());
    }

    /**
     * Returns the copy to run for a completed backup, or {@code null} when none of its objects goes offsite.
     *
     * @throws IllegalArgumentException for an event with unsafe identifiers, keys or checksum (bad input)
     */
    Job accept(BackupCompleted completed) {
        List<StoredObject> selected = selectedObjects(completed);
        if (selected.isEmpty()) {
            return null;
        }
        lag.waiting(completed.backupId(), completed.finishedAt() != null ? completed.finishedAt()
                : completed.occurredAt());
        return new Job() {
            @Override
            public void run() {
                for (StoredObject object : selected) {
                    replicate(completed, object.key());
                }
                lag.done(completed.backupId());
            }

            @Override
            public void abort() {
                // A copy in progress fails with its stream; nothing partial becomes visible offsite.
            }

            @Override
            public void failedPermanently(int deliveries, String reason) {
                lag.done(completed.backupId());
                for (StoredObject object : selected) {
                    fail(completed, object.key(), reason);
                }
            }
        };
    }

    private List<StoredObject> selectedObjects(BackupCompleted c) {
        Identifiers.requireIdentifier("database", c.database());
        Identifiers.requireIdentifier("schema", c.schema());
        if (c.backupId() == null || c.sha256() == null || !SHA256_HEX.matcher(c.sha256()).matches()) {
            throw new IllegalArgumentException("backup.completed without a backup id or a valid sha256");
        }
        List<StoredObject> objects = c.objects() == null ? List.of() : c.objects();
        return objects.stream()
                .filter(o -> o.tier() != null && settings.tiers().contains(o.tier()))
                .peek(o -> ObjectKeys.requireSafeKey(o.key()))
                .toList();
    }

    private void replicate(BackupCompleted c, String key) {
        try {
            Optional<BackupReplicated> existing = offsiteCopies.correctCopy(key, c.backupId(), c.sha256());
            BackupReplicated replicated;
            if (existing.isPresent()) {
                log.info("{} is already offsite with sha256 {}; not copied again", key, c.sha256());
                BackupReplicated e = existing.get();
                replicated = new BackupReplicated(UUID.randomUUID(), clock.instant(), c.database(), c.schema(),
                        c.backupId(), key, settings.target(), c.sha256(),
                        "already offsite with this sha256; not copied again", e.encryptedOrDefault(),
                        e.encryption(), e.keyId(), e.storedSha256(), e.storedSizeBytes());
            } else {
                replicated = offsiteCopies.copyFrom(primary, c, key, settings.target(), clock.instant());
                log.info("replicated {} ({}) to {}{}", key, c.sha256(), settings.target(),
                        replicated.encryptedOrDefault() ? ", encrypted with key " + replicated.keyId() : "");
            }
            events.publish(replicated);
        } catch (ChecksumMismatchException e) {
            fail(c, key, "checksum mismatch: " + e.getMessage());
        } catch (ObjectNotFoundException e) {
            fail(c, key, "object is missing in the primary store");
        } catch (IOException e) {
            throw new UncheckedIOException("replicating " + key + " to " + settings.target(), e);
        }
    }

    private void fail(BackupCompleted c, String key, String reason) {
        log.error("replication of {} failed: {}", key, reason);
        events.publish(new ReplicationFailed(UUID.randomUUID(), clock.instant(), c.database(), c.schema(),
                c.backupId(), key, settings.target(), c.sha256(), reason));
    }
}
