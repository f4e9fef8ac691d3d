package com.aquastream.backup.worker.expiry;

import com.aquastream.backup.core.consumer.Job;
import com.aquastream.backup.core.naming.BackupNaming;
import com.aquastream.backup.core.naming.Identifiers;
import com.aquastream.backup.core.store.ObjectKeys;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.events.BackupExpired;
import com.aquastream.backup.events.StoredObject;
import com.aquastream.backup.worker.backup.BackupManifests;
import com.aquastream.backup.worker.backup.RejectedRequestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what retention expired: the backup-worker owns the primary store, the catalog only decides.
 *
 * <p>Each listed object goes with its {@code .sha256} sidecar and, if any, its manifest. Keys are checked before
 * anything is deleted: safe path segments only, and inside the store area of the event's own schema
 * ({@code postgres/{database}/…{schema}…} or {@code redis/{instance}/…}), so a malicious event cannot delete
 * another schema's backups. Deleting is idempotent, so a redelivered event is harmless.
 */
public final class ExpiryService {

    private static final Logger log = LoggerFactory.getLogger(ExpiryService.class);

    private final ObjectStore store;

    public ExpiryService(ObjectStore store) {
        this.store = store;
    }

    /**
     * Validates an expiry; returns the deletion to run.
     *
     * @throws RejectedRequestException when an identifier or a key is unsafe or outside the schema's area
     */
    public Job accept(BackupExpired expired) {
        List<String> keys = validatedKeys(expired);
        return new Job() {
            @Override
            public void run() {
                delete(expired, keys);
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

    private static List<String> validatedKeys(BackupExpired expired) {
        try {
            Identifiers.requireIdentifier("database", expired.database());
            Identifiers.requireIdentifier("schema", expired.schema());
            if (expired.objects() == null || expired.objects().isEmpty()) {
                throw new RejectedRequestException("backup.expired lists no objects");
            }
            return expired.objects().stream().map(StoredObject::key).map(k -> requireOwnArea(expired, k)).toList();
        } catch (IllegalArgumentException e) {
            throw new RejectedRequestException("refused backup.expired: " + e.getMessage());
        }
    }

    private static String requireOwnArea(BackupExpired expired, String key) {
        ObjectKeys.requireSafeKey(key);
        if (!BackupNaming.isObjectOf(key, expired.database(), expired.schema())) {
            throw new RejectedRequestException("key " + key + " is not an object of " + expired.database() + "."
                    + expired.schema());
        }
        return key;
    }

    private void delete(BackupExpired expired, List<String> keys) {
        try {
            for (String key : keys) {
                store.delete(key);
                store.delete(BackupNaming.sidecarKey(key));
                store.delete(BackupManifests.keyOf(key));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("deleting expired objects of backup " + expired.backupId(), e);
        }
        log.info("deleted expired objects of backup {} ({}.{}): {} — {}", expired.backupId(), expired.database(),
                expired.schema(), keys, expired.reason());
    }
}
