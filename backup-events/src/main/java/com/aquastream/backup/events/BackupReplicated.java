package com.aquastream.backup.events;

import java.time.Instant;
import java.util.UUID;

/**
 * An object was copied to the offsite store and its checksum verified there.
 *
 * @param sha256          SHA-256 of the archive's plaintext: the backup's recorded checksum, verified while copying
 * @param encrypted       (added in v1.1) whether the offsite copy is client-side encrypted; {@code null} in events
 *                        from before v1.1 (which were not)
 * @param encryption      (added in v1.1) the encryption scheme of the offsite copy (e.g.
 *                        {@code aes-256-gcm-segmented-v1}), {@code null} when not encrypted
 * @param keyId           (added in v1.1) id of the key the offsite copy is encrypted with, {@code null} when not
 *                        encrypted; the key itself never appears anywhere
 * @param storedSha256    (added in v1.1) SHA-256 of the bytes stored offsite (the ciphertext when encrypted, else
 *                        equal to {@code sha256})
 * @param storedSizeBytes (added in v1.1) size of the bytes stored offsite
 */
public record BackupReplicated(
        UUID eventId,
        Instant occurredAt,
        String database,
        String schema,
        UUID backupId,
        String key,
        String target,
        String sha256,
        String reason,
        Boolean encrypted,
        String encryption,
        String keyId,
        String storedSha256,
        Long storedSizeBytes) implements ReplicationEvent {

    /** The v1 event: an unencrypted copy, nothing recorded about the stored bytes. */
    public BackupReplicated(UUID eventId, Instant occurredAt, String database, String schema, UUID backupId,
                            String key, String target, String sha256, String reason) {
        this(eventId, occurredAt, database, schema, backupId, key, target, sha256, reason, null, null, null, null,
                null);
    }

    public boolean encryptedOrDefault() {
        return encrypted != null && encrypted;
    }
}
