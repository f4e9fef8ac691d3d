package com.aquastream.backup.worker.expiry;

import com.aquastream.backup.core.consumer.Job;
import com.aquastream.backup.core.security.ExpiryGuard;
import com.aquastream.backup.core.security.ExpiryRefusedException;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.events.BackupExpired;
import com.aquastream.backup.events.StoredObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what retention expired: the backup-worker owns the primary store, the catalog only decides.
 *
 * <p>A {@code backup.expired} is untrusted input even from the catalog (DESIGN.md, Security), so backup-core's
 * {@link ExpiryGuard} checks it first. On the poll thread: signed with the catalog's expiry key, {@code pinned=false},
 * plain identifiers, every key an object of the event's own schema of the tier it claims — else the event goes to
 * the dead-letter topic at once, nothing deleted. Then, per key, against the store: the key's manifest names this
 * backup, and a newer object of its tier (with its manifest) is stored — else the job fails, is retried like any
 * failing job and then dead-lettered, nothing deleted under that key. Only the named keys are touched, each as
 * manifest, archive, sidecar, in that order. Deleting is idempotent, so a redelivered event is harmless.
 */
final class ExpiryService {

    private static final Logger log = LoggerFactory.getLogger(ExpiryService.class);

    private final ObjectStore store;
    private final ExpiryGuard guard;

    ExpiryService(ObjectStore store, ExpiryGuard guard) {
        this.store = store;
        this.guard = guard;
    }

    /**
     * Checks an expiry; returns the deletion to run.
     *
     * @throws ExpiryRefusedException when it is unsigned, wrongly signed, of a pinned backup or names keys outside the
     *                                schema's area (nothing is deleted)
     */
    Job accept(BackupExpired expired) {
        List<StoredObject> objects;
        try {
            objects = guard.admit(expired);
        } catch (ExpiryRefusedException refused) {
            log.warn("{}", refused.getMessage());
            throw refused;
        }
        return new Job() {
            @Override
            public void run() {
                delete(expired, objects);
            }

            @Override
            public void abort() {
                // Deletions are short and idempotent: an interrupted one is simply redone.
            }

            @Override
            public void failedPermanently(int deliveries, String reason) {
                // The contract has no result event for an expiry: the dead letter records it, and the objects
                // stay, which loses nothing.
                log.error("deleting expired objects of backup {} failed for good, objects kept: {}",
                        expired.backupId(), reason);
            }
        };
    }

    /** Every key is checked before any is deleted, so a refused key keeps the whole backup as it was. */
    private void delete(BackupExpired expired, List<StoredObject> objects) {
        List<String> keys = objects.stream().map(StoredObject::key).distinct().toList();
        try {
            for (String key : keys) {
                requireDeletable(expired, key);
            }
            for (String key : keys) {
                for (String k : ExpiryGuard.deletionOrder(key)) {
                    store.delete(k);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("deleting expired objects of backup " + expired.backupId(), e);
        }
        log.info("deleted expired objects of backup {} ({}.{}), each with its manifest and sidecar: {} — {}",
                expired.backupId(), expired.database(), expired.schema(), keys, expired.reason());
    }

    private void requireDeletable(BackupExpired expired, String key) throws IOException {
        try {
            guard.requireDeletable(store, expired, key);
        } catch (ExpiryRefusedException refused) {
            log.warn("{}", refused.getMessage());
            throw refused;
        }
    }
}
