package com.aquastream.backup.core.crypto;

import java.io.IOException;

/**
 * An encrypted stream could not be decrypted: it was altered (a flipped byte, a truncation, reordered or appended
 * segments), it is not in this format, or it was encrypted with a different key. Thrown instead of ever returning
 * bytes that did not authenticate; a caller must discard whatever plaintext it already received from the stream.
 *
 * <p>Not a transient failure: reading the same bytes again fails the same way.
 */
public class DecryptionException extends IOException {

    public DecryptionException(String message) {
        super(message);
    }

    public DecryptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
