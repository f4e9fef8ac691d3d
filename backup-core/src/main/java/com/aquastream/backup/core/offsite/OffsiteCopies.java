package com.aquastream.backup.core.offsite;

import com.aquastream.backup.core.checksum.ChecksumMismatchException;
import com.aquastream.backup.core.checksum.VerifyingInputStream;
import com.aquastream.backup.core.crypto.DecryptionException;
import com.aquastream.backup.core.crypto.Keyring;
import com.aquastream.backup.core.crypto.LegacyFormat;
import com.aquastream.backup.core.crypto.OffsiteEncryption;
import com.aquastream.backup.core.crypto.PlaintextCopyException;
import com.aquastream.backup.core.crypto.StreamContext;
import com.aquastream.backup.core.naming.BackupNaming;
import com.aquastream.backup.core.store.ObjectNotFoundException;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.core.store.Sidecars;
import com.aquastream.backup.core.store.StoredObjectInfo;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupReplicated;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.MalformedEventException;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The offsite store's layout, and how copies are written to it and read back (writer and reader of the format in one
 * place, so the offsite-replicator, the restore-worker and the reconciliation agree on it). Beside every copied archive {@code key} the offsite
 * holds, so that it can be restored without the primary:
 * <ul>
 *   <li>{@code key}: the archive, client-side encrypted ({@link OffsiteEncryption}, Tink) when the replicator has a
 *       keyset;</li>
 *   <li>{@code key.sha256}: the primary's sidecar (SHA-256 of the archive's <em>plaintext</em>);</li>
 *   <li>{@code key.manifest.json}: the backup's record, the {@code backup.completed} event, as on the primary;</li>
 *   <li>{@code key.replicated.json}: the copy's own record, the {@code backup.replicated} event: whether and with
 *       which scheme and key id it is encrypted, and the SHA-256 and size of the stored bytes.</li>
 * </ul>
 * An encrypted archive is bound to its key and its backup id ({@link StreamContext}): read back, it must be the copy
 * of the key read and of the backup the reader expects, else it fails like a wrong key. Copies written before Tink
 * ({@link LegacyFormat}) are still read, with the keyring's legacy keys. With a keyring configured, an archive that
 * is not encrypted is refused ({@link PlaintextCopyException}): anyone who can write the offsite bucket
 * could have put it there.
 */
public final class OffsiteCopies {

    public static final String MANIFEST_SUFFIX = BackupNaming.MANIFEST_SUFFIX;
    public static final String RECORD_SUFFIX = ".replicated.json";
    private static final int MAX_RECORD_BYTES = EventCodec.MAX_DOCUMENT_BYTES;

    private final ObjectStore store;
    private final Keyring keyring;
    private final boolean acceptV1Copies;
    private final EventCodec codec = new EventCodec();

    /** As {@link #OffsiteCopies(ObjectStore, Keyring, boolean)}, refusing version-1 copies. */
    public OffsiteCopies(ObjectStore store, Keyring keyring) {
        this(store, keyring, false);
    }

    /**
     * @param keyring        its keyset's primary key encrypts new copies (no keyset: copies are stored as they are);
     *                       all its keys, the keyset's and the legacy ones, decrypt
     * @param acceptV1Copies whether copies encrypted in format version 1 ({@link LegacyFormat#SCHEME_V1}, bound to
     *                       no key or backup) are read; they cannot be told apart from one another, so only while
     *                       such copies are still kept and the operator chose to
     */
    public OffsiteCopies(ObjectStore store, Keyring keyring, boolean acceptV1Copies) {
        this.store = store;
        this.keyring = keyring;
        this.acceptV1Copies = acceptV1Copies;
    }

    public static String manifestKey(String key) {
        return BackupNaming.manifestKey(key);
    }

    public static String recordKey(String key) {
        return key + RECORD_SUFFIX;
    }

    /** The objects kept beside an archive: sidecar, manifest and the copy's record. */
    public static List<String> companionKeys(String key) {
        return List.of(BackupNaming.sidecarKey(key), manifestKey(key), recordKey(key));
    }

    /** Whether {@code key} is a companion of some archive rather than an archive. */
    public static boolean isCompanion(String key) {
        return key.endsWith(BackupNaming.SIDECAR_SUFFIX) || key.endsWith(MANIFEST_SUFFIX)
                || key.endsWith(RECORD_SUFFIX);
    }

    public ObjectStore store() {
        return store;
    }

    /** The copy's record, or empty when there is none or it is unreadable (then the copy counts as unrecorded). */
    public Optional<BackupReplicated> record(String key) throws IOException {
        try (InputStream in = store.get(recordKey(key))) {
            return Optional.of(codec.decode(in.readNBytes(MAX_RECORD_BYTES), BackupReplicated.class));
        } catch (ObjectNotFoundException | MalformedEventException e) {
            return Optional.empty();
        }
    }

    /**
     * Copies the primary's archive {@code key} of backup {@code completed} here, then its manifest, sidecar and the
     * copy's record, and returns that record. The archive streams through a check of its plaintext's SHA-256 against
     * the backup's record, and through encryption with the keyring's keyset when it has one (so plaintext never
     * leaves the process): bytes that do not match never become visible here ({@link ChecksumMismatchException}).
     * The archive is written first: if anything after it fails, the copy has no record and is not
     * {@link #correctCopy correct}, so a retry copies it again.
     *
     * @throws ObjectNotFoundException   when the primary has no such archive
     * @throws ChecksumMismatchException when the primary's bytes do not have the recorded checksum
     */
    public BackupReplicated copyFrom(ObjectStore primary, BackupCompleted completed, String key, String target,
                                     Instant at) throws IOException {
        StoredObjectInfo stored;
        try (InputStream source = primary.get(key)) {
            InputStream verified = new VerifyingInputStream(source, completed.sha256(), "primary object " + key);
            stored = store.put(key, !keyring.encrypts() ? verified
                    : OffsiteEncryption.encrypting(verified, keyring, context(key, completed.backupId())));
        }
        store.put(manifestKey(key), new ByteArrayInputStream(manifest(primary, completed, key)));
        store.put(BackupNaming.sidecarKey(key), new ByteArrayInputStream(
                Sidecars.format(completed.sha256(), key).getBytes(StandardCharsets.UTF_8)));
        String keyId = keyring.primaryKeyId().orElse(null);
        BackupReplicated record = new BackupReplicated(UUID.randomUUID(), at, completed.database(),
                completed.schema(), completed.backupId(), key, target, completed.sha256(),
                "copied, sha256 of the plaintext verified", keyId != null,
                keyId == null ? null : OffsiteEncryption.SCHEME, keyId, stored.sha256Hex(), stored.sizeBytes());
        store.put(recordKey(key), new ByteArrayInputStream(codec.encode(record)));
        return record;
    }

    /**
     * The record of the copy of {@code key} when it is correct: archive, manifest, sidecar and record present with
     * this checksum and the record of this backup; when the keyring has a keyset, encrypted with Tink
     * ({@link OffsiteEncryption#SCHEME}) under a key of the keyset, with a first segment that authenticates as the copy
     * of this key and backup; when it has none, not encrypted. Cheap: at most the header and first segment (1 MiB) of
     * the archive are read; {@code bin/reconcile} is what reads every byte. A legacy copy ({@link LegacyFormat}) is not
     * correct, so it is copied again, with Tink, on the next delivery of its completion.
     */
    public Optional<BackupReplicated> correctCopy(String key, UUID backupId, String sha256) throws IOException {
        if (!store.exists(key) || !store.exists(manifestKey(key)) || !sha256.equals(sidecarSha256(key))) {
            return Optional.empty();
        }
        Optional<BackupReplicated> record = record(key)
                .filter(r -> sha256.equals(r.sha256()) && backupId.equals(r.backupId()))
                .filter(r -> keyring.encrypts()
                        ? r.encryptedOrDefault() && OffsiteEncryption.SCHEME.equals(r.encryption())
                                && keyring.holdsTinkKey(r.keyId())
                        : !r.encryptedOrDefault());
        if (record.isPresent() && keyring.encrypts() && !firstSegmentAuthenticates(key, backupId)) {
            return Optional.empty();
        }
        return record;
    }

    /**
     * Whether the stored bytes are a Tink copy (not a legacy one, whatever the record says) whose first segment
     * authenticates as the copy of this key and backup.
     */
    private boolean firstSegmentAuthenticates(String key, UUID backupId) throws IOException {
        try (InputStream in = new BufferedInputStream(store.get(key), OffsiteEncryption.HEAD_BYTES)) {
            in.mark(OffsiteEncryption.HEAD_BYTES);
            if (OffsiteEncryption.formatOf(in.readNBytes(OffsiteEncryption.HEAD_BYTES))
                    != OffsiteEncryption.Format.TINK) {
                return false;
            }
            in.reset();
            OffsiteEncryption.decrypting(in, keyring, context(key, backupId), false).read();
            return true;
        } catch (DecryptionException | ObjectNotFoundException e) {
            return false;
        }
    }

    /** The SHA-256 in the sidecar of {@code key}, or {@code null} when it is missing or unreadable. */
    public String sidecarSha256(String key) throws IOException {
        try (InputStream in = store.get(BackupNaming.sidecarKey(key))) {
            return Sidecars.parseSha256(new String(in.readNBytes(4096), StandardCharsets.UTF_8));
        } catch (ObjectNotFoundException | IllegalArgumentException unreadable) {
            return null;
        }
    }

    /** The primary's manifest of the archive when it records this backup's checksum, else the completion itself. */
    private byte[] manifest(ObjectStore primary, BackupCompleted completed, String key) throws IOException {
        try (InputStream in = primary.get(manifestKey(key))) {
            byte[] bytes = in.readNBytes(MAX_RECORD_BYTES);
            if (completed.sha256().equals(codec.decode(bytes, BackupCompleted.class).sha256())) {
                return bytes;
            }
        } catch (ObjectNotFoundException | MalformedEventException e) {
            // The completion event is the same record as the manifest: use it.
        }
        return codec.encode(completed);
    }

    /**
     * Opens the archive under {@code key} as its plaintext, expecting it to be the copy of the backup its manifest
     * here names (what a reader of the offsite alone, like the restore-worker, trusts: a copy moved under another key
     * fails, and a manifest changed to name another backup makes the copy fail). See
     * {@link #openPlaintext(String, UUID)}.
     *
     * @throws ObjectNotFoundException when there is no such object
     */
    public InputStream openPlaintext(String key) throws IOException {
        return openPlaintext(key, manifestBackupId(key));
    }

    /**
     * Opens the archive under {@code key} as its plaintext, the copy of backup {@code backupId}. With a keyring, it
     * must be encrypted (else {@link PlaintextCopyException}) and bound to this key and backup (version 1 only when
     * accepted); without one, it is read as stored unless its record says it is encrypted or its bytes start like an
     * encrypted stream (then {@link com.aquastream.backup.core.crypto.UnknownKeyException}). Decryption failures
     * surface while reading, as {@link DecryptionException}s.
     *
     * @param backupId the backup the copy must belong to; {@code null} when unknown, which only a plaintext copy read
     *                 without a keyring survives
     * @throws ObjectNotFoundException when there is no such object
     */
    public InputStream openPlaintext(String key, UUID backupId) throws IOException {
        boolean recordedEncrypted = keyring.isEmpty()
                && record(key).map(BackupReplicated::encryptedOrDefault).orElse(false);
        InputStream raw = new BufferedInputStream(store.get(key), 64 * 1024);
        try {
            raw.mark(OffsiteEncryption.HEAD_BYTES);
            byte[] head = raw.readNBytes(OffsiteEncryption.HEAD_BYTES);
            raw.reset();
            boolean encrypted = OffsiteEncryption.formatOf(head) != OffsiteEncryption.Format.PLAINTEXT;
            if (!keyring.isEmpty() && !encrypted) {
                throw new PlaintextCopyException("the offsite copy of " + key);
            }
            if (!encrypted && !recordedEncrypted) {
                return raw;
            }
            if (backupId == null) {
                throw new DecryptionException("the offsite copy of " + key + " is encrypted but no readable manifest"
                        + " names the backup it belongs to, so it cannot be checked");
            }
            return OffsiteEncryption.decrypting(raw, keyring, context(key, backupId), acceptV1Copies);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** The backup id in the manifest beside {@code key}, or {@code null} when it is missing or unreadable. */
    private UUID manifestBackupId(String key) throws IOException {
        try (InputStream in = store.get(manifestKey(key))) {
            return codec.decode(in.readNBytes(MAX_RECORD_BYTES), BackupCompleted.class).backupId();
        } catch (ObjectNotFoundException | MalformedEventException e) {
            return null;
        }
    }

    private static StreamContext context(String key, UUID backupId) {
        return new StreamContext(key, backupId.toString());
    }

    /**
     * A read-only view of the offsite store in which every archive reads as its plaintext (companions as stored): what
     * a reader written for the primary's layout, such as the restore-worker's fetcher, can use unchanged.
     */
    public ObjectStore plaintextView() {
        return new PlaintextView(this);
    }
}
