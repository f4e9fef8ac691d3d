package com.aquastream.backup.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Retention decided that these objects of a backup go; the owners of the stores (backup-worker, offsite-replicator)
 * delete them and their sidecars and manifests.
 *
 * <p>Destructive, so signed since v1.1 (DESIGN.md, Security): only the catalog issues it, with an HMAC-SHA256 over its
 * canonical fields (backup-core's {@code ExpirySignatures}) under a key of its own, and a deleter deletes nothing for
 * an event that is unsigned, signed under an unknown key or wrongly signed, that does not state {@code pinned=false},
 * or that names the newest object of its tier in the deleter's store.
 *
 * @param objects   exactly the objects to delete (tier and key); nothing else of the backup is touched
 * @param pinned    (added in v1.1) whether the backup is pinned, as the catalog saw it when it issued the expiry. The
 *                  catalog never expires a pinned backup and always sends {@code false}, under the signature; a
 *                  deleter refuses {@code true} and an absent value
 * @param keyId     (added in v1.1) id of the key the signature was made with, so keys can be rotated
 * @param signature (added in v1.1) lower-case hex HMAC-SHA256 over the canonical fields (every field above)
 */
public record BackupExpired(
        UUID eventId,
        Instant occurredAt,
        String database,
        String schema,
        UUID backupId,
        List<StoredObject> objects,
        String reason,
        Boolean pinned,
        String keyId,
        String signature) implements BackupEvent {

    /** The v1 event: unsigned, pinned state not stated (every deleter refuses it since v1.1). */
    public BackupExpired(UUID eventId, Instant occurredAt, String database, String schema, UUID backupId,
                         List<StoredObject> objects, String reason) {
        this(eventId, occurredAt, database, schema, backupId, objects, reason, null, null, null);
    }

    /** The same event carrying {@code signature} made with the key {@code keyId}. */
    public BackupExpired withSignature(String keyId, String signature) {
        return new BackupExpired(eventId, occurredAt, database, schema, backupId, objects, reason, pinned, keyId,
                signature);
    }
}
