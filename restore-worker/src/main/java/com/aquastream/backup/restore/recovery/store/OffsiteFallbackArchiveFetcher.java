package com.aquastream.backup.restore.recovery.store;

import com.aquastream.backup.core.crypto.DecryptionException;
import com.aquastream.backup.core.crypto.Keyring;
import com.aquastream.backup.core.crypto.PlaintextCopyException;
import com.aquastream.backup.core.crypto.UnboundStreamException;
import com.aquastream.backup.core.crypto.UnknownKeyException;
import com.aquastream.backup.core.offsite.OffsiteCopies;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.restore.recovery.ArchiveFetcher;
import com.aquastream.backup.restore.recovery.VerifiedArchive;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches from the primary store, and from the offsite copy when the primary has no archive or no manifest under
 * the key (or cannot be reached): the disaster-recovery path when the primary is lost. The offsite copy goes through
 * the same checks as a primary archive — its plaintext's SHA-256 must equal the manifest's and the sidecar's — after
 * decryption with the keyring when it is encrypted. A copy that does not decrypt (altered, a key the keyring lacks,
 * or not bound to this key and the backup its manifest names, e.g. another copy's ciphertext moved here) is refused,
 * never restored; so is a plaintext copy while encryption is configured, and a format-version-1 copy (bound to
 * nothing) unless such copies are explicitly accepted.
 */
public final class OffsiteFallbackArchiveFetcher implements ArchiveFetcher {

    /** Opens the offsite store; called on the first fallback, and again after a failure, so it is not a start-up need. */
    @FunctionalInterface
    public interface StoreConnection {
        ObjectStore open() throws IOException;
    }

    private static final Logger log = LoggerFactory.getLogger(OffsiteFallbackArchiveFetcher.class);

    private final ObjectStore primary;
    private final ArchiveFetcher fromPrimary;
    private final StoreConnection offsiteConnection;
    private final Keyring keyring;
    private final Path workDir;
    private final boolean acceptV1Copies;
    private volatile ArchiveFetcher fromOffsite;

    /** Refusing copies in format version 1; see the next constructor. */
    OffsiteFallbackArchiveFetcher(ObjectStore primary, ArchiveFetcher fromPrimary,
                                  StoreConnection offsiteConnection, Keyring keyring, Path workDir) {
        this(primary, fromPrimary, offsiteConnection, keyring, workDir, false);
    }

    /** @param acceptV1Copies whether encrypted copies written before format version 2 (bound to nothing) are read */
    public OffsiteFallbackArchiveFetcher(ObjectStore primary, ArchiveFetcher fromPrimary,
                                         StoreConnection offsiteConnection, Keyring keyring, Path workDir,
                                         boolean acceptV1Copies) {
        this.primary = primary;
        this.fromPrimary = fromPrimary;
        this.offsiteConnection = offsiteConnection;
        this.keyring = keyring;
        this.workDir = workDir;
        this.acceptV1Copies = acceptV1Copies;
    }

    @Override
    public VerifiedArchive fetch(String key) throws IOException, ArchiveRejectedException {
        if (primaryHolds(key)) {
            return fromPrimary.fetch(key);
        }
        log.warn("{} or its manifest is not in the primary store; restoring from the offsite copy", key);
        try {
            return offsite().fetch(key);
        } catch (PlaintextCopyException e) {
            throw new ArchiveRejectedException(e.getMessage() + "; nothing was restored", false);
        } catch (UnboundStreamException e) {
            throw new ArchiveRejectedException("the offsite copy of " + key + " is refused: " + e.getMessage()
                    + "; nothing was restored", false);
        } catch (UnknownKeyException e) {
            throw new ArchiveRejectedException("the offsite copy of " + key + " cannot be decrypted: "
                    + e.getMessage() + "; configure restore.offsite.encryption-keyset (or, for copies written before"
                    + " Tink, encryption-key / previous-encryption-keys)", false);
        } catch (DecryptionException e) {
            throw new ArchiveRejectedException("the offsite copy of " + key + " cannot be decrypted: "
                    + e.getMessage() + "; nothing was restored", false);
        } catch (ArchiveRejectedException e) {
            if (e.corrupt()) {
                throw new ArchiveRejectedException("offsite copy: " + e.getMessage(), true, e.backupId());
            }
            throw new ArchiveRejectedException("neither the primary nor the offsite store can provide " + key
                    + ": offsite: " + e.getMessage(), false, e.backupId());
        }
    }

    @Override
    public long recordedSizeBytes(String key) throws IOException, ArchiveRejectedException {
        return primaryHolds(key) ? fromPrimary.recordedSizeBytes(key) : offsite().recordedSizeBytes(key);
    }

    @Override
    public com.aquastream.backup.events.BackupCompleted recordOf(String key)
            throws IOException, ArchiveRejectedException {
        return primaryHolds(key) ? fromPrimary.recordOf(key) : offsite().recordOf(key);
    }

    private boolean primaryHolds(String key) {
        try {
            return primary.exists(key) && primary.exists(OffsiteCopies.manifestKey(key));
        } catch (IOException e) {
            log.warn("the primary store cannot be reached ({}); trying the offsite copy of {}", e.getMessage(), key);
            return false;
        }
    }

    private ArchiveFetcher offsite() throws IOException {
        ArchiveFetcher fetcher = fromOffsite;
        if (fetcher == null) {
            synchronized (this) {
                if (fromOffsite == null) {
                    fromOffsite = new StoreArchiveFetcher(
                            new OffsiteCopies(offsiteConnection.open(), keyring, acceptV1Copies).plaintextView(), workDir);
                }
                fetcher = fromOffsite;
            }
        }
        return fetcher;
    }
}
