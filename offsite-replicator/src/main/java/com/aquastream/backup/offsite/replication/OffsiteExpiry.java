package com.aquastream.backup.offsite.replication;

import com.aquastream.backup.core.consumer.Job;
import com.aquastream.backup.core.naming.BackupNaming;
import com.aquastream.backup.core.offsite.OffsiteCopies;
import com.aquastream.backup.core.security.ExpiryGuard;
import com.aquastream.backup.core.security.ExpiryRefusedException;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.events.BackupExpired;
import com.aquastream.backup.events.StoredObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a primary-side expiry to the offsite copies: an expired object's offsite copy (and its companions) goes only
 * when {@link OffsiteRetention} no longer keeps it, and only after backup-core's {@link ExpiryGuard} let it: the event
 * is signed with the catalog's expiry key and states {@code pinned=false}, every key is an object of its schema (else
 * dead letter at once, nothing deleted), the copy's manifest names the event's backup and a newer copy of its tier with
 * a manifest is held offsite (else the job fails and ends as a dead letter, nothing deleted). A copy goes manifest
 * first, then the archive, its sidecar and its record, so a lookup through the manifests never finds a missing archive.
 */
final class OffsiteExpiry {

    private static final Logger log = LoggerFactory.getLogger(OffsiteExpiry.class);

    private final ObjectStore offsite;
    private final OffsiteRetention retention;
    private final ExpiryGuard guard;

    OffsiteExpiry(ObjectStore offsite, OffsiteRetention retention, ExpiryGuard guard) {
        this.offsite = offsite;
        this.retention = retention;
        this.guard = guard;
    }

    /**
     * Returns the deletion to run, or {@code null} when the event lists no weekly or monthly copy.
     *
     * @throws ExpiryRefusedException when the event is unsigned, wrongly signed, of a pinned backup, or a key does not
     *                                belong to the event's schema (nothing is deleted)
     */
    Job accept(BackupExpired expired) {
        List<String> keys;
        try {
            keys = guard.admit(expired).stream()
                    .map(StoredObject::key)
                    .filter(k -> OffsiteRetention.tierOf(k) != null)
                    .distinct()
                    .toList();
        } catch (ExpiryRefusedException refused) {
            log.warn("{}", refused.getMessage());
            throw refused;
        }
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
            List<String> going = new ArrayList<>();
            for (String key : keys) {
                if (kept.contains(key)) {
                    log.info("{} expired on the primary but the offsite policy {} keeps it", key, retention);
                } else {
                    requireDeletable(expired, key);
                    going.add(key);
                }
            }
            for (String key : going) {
                for (String k : deletionOrder(key)) {
                    offsite.delete(k);
                }
                log.info("deleted offsite copy {} with its manifest, sidecar and record ({})", key, expired.reason());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("expiring offsite copies of backup " + expired.backupId(), e);
        }
    }

    private void requireDeletable(BackupExpired expired, String key) throws IOException {
        try {
            guard.requireDeletable(offsite, expired, key);
        } catch (ExpiryRefusedException refused) {
            log.warn("{}", refused.getMessage());
            throw refused;
        }
    }

    /** The primary's order (manifest, archive, sidecar), then the copy's record. */
    static List<String> deletionOrder(String key) {
        List<String> order = new ArrayList<>(ExpiryGuard.deletionOrder(key));
        OffsiteCopies.companionKeys(key).stream().filter(k -> !order.contains(k)).forEach(order::add);
        return order;
    }
}
