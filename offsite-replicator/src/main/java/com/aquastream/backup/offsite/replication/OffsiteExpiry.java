package com.aquastream.backup.offsite.replication;

import com.aquastream.backup.core.consumer.Job;
import com.aquastream.backup.core.naming.BackupNaming;
import com.aquastream.backup.core.naming.Identifiers;
import com.aquastream.backup.core.offsite.OffsiteCopies;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.events.BackupExpired;
import com.aquastream.backup.events.StoredObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a primary-side expiry to the offsite copies: an expired object's offsite copy (and its companions) goes only
 * when {@link OffsiteRetention} no longer keeps it.
 */
public final class OffsiteExpiry {

    private static final Logger log = LoggerFactory.getLogger(OffsiteExpiry.class);

    private final ObjectStore offsite;
    private final OffsiteRetention retention;

    public OffsiteExpiry(ObjectStore offsite, OffsiteRetention retention) {
        this.offsite = offsite;
        this.retention = retention;
    }

    /**
     * Returns the deletion to run, or {@code null} when the event lists no weekly or monthly copy.
     *
     * @throws IllegalArgumentException when an identifier or a key does not belong to the event's schema
     */
    public Job accept(BackupExpired expired) {
        Identifiers.requireIdentifier("database", expired.database());
        Identifiers.requireIdentifier("schema", expired.schema());
        List<String> keys = (expired.objects() == null ? List.<StoredObject>of() : expired.objects()).stream()
                .map(StoredObject::key)
                .peek(k -> {
                    if (!BackupNaming.isObjectOf(k, expired.database(), expired.schema())) {
                        throw new IllegalArgumentException("key " + k + " is not an object of " + expired.database()
                                + "." + expired.schema());
                    }
                })
                .filter(k -> OffsiteRetention.tierOf(k) != null)
                .toList();
        if (keys.isEmpty()) {
            return null;
        }
        return new Job() {
            @Override
            public void run() {
                expire(expired, keys);
            }

            @Override
            public void abort() {
                // Deletions are short and idempotent.
            }

            @Override
            public void failedPermanently(int deliveries, String reason) {
                // The contract has no result event for an expiry: the dead letter is the record of it, and the
                // copies stay offsite, which loses nothing (bin/reconcile lists them as EXTRA).
                log.error("expiring offsite copies of backup {} failed for good, copies kept: {}",
                        expired.backupId(), reason);
            }
        };
    }

    private void expire(BackupExpired expired, List<String> keys) {
        try {
            String area = keys.get(0).substring(0, keys.get(0).lastIndexOf('/') + 1);
            List<String> copies = offsite.list(area).stream()
                    .filter(k -> BackupNaming.isObjectOf(k, expired.database(), expired.schema()))
                    .toList();
            Set<String> kept = retention.keep(copies);
            for (String key : keys) {
                if (kept.contains(key)) {
                    log.info("{} expired on the primary but the offsite policy {} keeps it", key, retention);
                } else {
                    offsite.delete(key);
                    for (String companion : OffsiteCopies.companionKeys(key)) {
                        offsite.delete(companion);
                    }
                    log.info("deleted offsite copy {} and its sidecar, manifest and record ({})", key,
                            expired.reason());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("expiring offsite copies of backup " + expired.backupId(), e);
        }
    }
}
