package com.aquastream.backup.core.crypto;

import java.util.List;

/**
 * A copy needs a key that the keyring does not hold: a legacy stream names a key id the keyring lacks (e.g. a key
 * retired too early, or the wrong keyring), or a Tink copy meets a keyring without a keyset.
 */
public final class UnknownKeyException extends DecryptionException {

    private final String keyId;

    public UnknownKeyException(String keyId, List<String> known) {
        super("the stream was encrypted with key id '" + keyId + "', which is not in the keyring (known ids: "
                + known + ")");
        this.keyId = keyId;
    }

    private UnknownKeyException(String message) {
        super(message);
        this.keyId = null;
    }

    /** A Tink copy, and the keyring has only legacy keys (or none). */
    static UnknownKeyException noKeyset(List<String> known) {
        return new UnknownKeyException("the copy is encrypted with Tink's streaming AEAD, and the keyring has no Tink"
                + " keyset (OFFSITE_ENCRYPTION_KEYSET; known ids: " + known + ")");
    }

    /** The key id the legacy stream names; {@code null} for a Tink copy. */
    public String keyId() {
        return keyId;
    }
}
