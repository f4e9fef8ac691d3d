package com.aquastream.backup.offsite.reconcile;

/**
 * One way a store disagrees with the catalog.
 *
 * @param kind   what is wrong
 * @param store  {@code primary} or {@code offsite}
 * @param key    the object concerned (an archive or one of its companions)
 * @param detail a human-readable explanation, without credentials
 */
public record Difference(Kind kind, String store, String key, String detail) {

    public enum Kind {
        /** The catalog says it should be there and it is not. */
        MISSING,
        /** It is there, and the catalog does not know it (or says it was expired). */
        EXTRA,
        /** Its bytes (the decrypted plaintext for an encrypted copy) do not have the catalog's SHA-256. */
        CHECKSUM_MISMATCH,
        /**
         * An encrypted copy that does not decrypt: altered, truncated, under a key the keyring lacks, or not the copy of
         * this key and backup (e.g. another copy's ciphertext moved here).
         */
        UNREADABLE,
        /**
         * An offsite copy that cannot be trusted although it may read: not encrypted while encryption is configured
         * (anyone who can write the bucket could have put it there), or encrypted in format version 1, bound to no
         * key or backup, while version-1 copies are not accepted.
         */
        INSECURE
    }

    @Override
    public String toString() {
        return kind + " " + store + " " + key + ": " + detail;
    }
}
