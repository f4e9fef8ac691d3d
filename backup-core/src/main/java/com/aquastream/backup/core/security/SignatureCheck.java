package com.aquastream.backup.core.security;

/** The outcome of checking a signed command's signature: valid under a known key, or invalid with the reason. */
public sealed interface SignatureCheck {

    boolean valid();

    /** Signed with the key {@code keyId}, and nothing signed was changed. */
    record Valid(String keyId) implements SignatureCheck {
        @Override
        public boolean valid() {
            return true;
        }
    }

    /** Not to be acted on; {@code reason} says why, for the dead letter and the log (never a key). */
    record Invalid(String reason) implements SignatureCheck {
        @Override
        public boolean valid() {
            return false;
        }
    }
}
