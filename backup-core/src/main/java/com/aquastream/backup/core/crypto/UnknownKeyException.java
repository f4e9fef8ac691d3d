package com.aquastream.backup.core.crypto;

import java.util.List;

/** A stream names a key id that the keyring does not hold (e.g. a key retired too early, or the wrong keyring). */
public final class UnknownKeyException extends DecryptionException {

    private final String keyId;

    public UnknownKeyException(String keyId, List<String> known) {
        super("the stream was encrypted with key id '" + keyId + "', which is not in the keyring (known ids: "
                + known + ")");
        this.keyId = keyId;
    }

    public String keyId() {
        return keyId;
    }
}
