package com.aquastream.backup.core.crypto;

/**
 * A version-1 stream (written before streams were bound to their object key and backup id) where the reader did
 * not allow one: it would decrypt under any key, so it is refused unless the reader explicitly accepts such copies
 * (see {@link LegacyFormat}).
 */
public final class UnboundStreamException extends DecryptionException {

    public UnboundStreamException(StreamContext expected) {
        super("the encrypted stream is in format version 1, which does not bind the object key and backup id, so"
                + " it cannot be shown to be the copy of " + expected + "; refused (allow version-1 copies"
                + " explicitly while they are still kept, e.g. OFFSITE_ENCRYPTION_ACCEPT_V1=true)");
    }
}
