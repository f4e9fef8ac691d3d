package com.aquastream.backup.core.crypto;

/**
 * Encryption is configured, but the bytes where an encrypted stream is expected are not one (they start neither like
 * a Tink copy nor like a legacy one, {@link OffsiteEncryption#formatOf}): whoever can write the store could have put plaintext of their choice there, so it is refused like a
 * stream that does not authenticate, never read as it is.
 */
public final class PlaintextCopyException extends DecryptionException {

    public PlaintextCopyException(String what) {
        super(what + " is not encrypted although encryption is configured: refused as insecure (plaintext where an"
                + " encrypted copy is expected could have been put there by anyone who can write the store)");
    }
}
