package com.aquastream.backup.core.redis;

import java.io.IOException;
import java.util.Locale;

/** Redis answered a command with an error reply ({@code -ERR ...}, {@code -NOAUTH ...}). */
public final class RedisCommandException extends IOException {

    public RedisCommandException(String message) {
        super(message);
    }

    /** Wrong or missing credentials and refused permissions do not heal by retrying. */
    public boolean isAuthenticationFailure() {
        String m = getMessage() == null ? "" : getMessage().toUpperCase(Locale.ROOT);
        return m.contains("NOAUTH") || m.contains("WRONGPASS") || m.contains("NOPERM")
                || m.contains("INVALID PASSWORD") || m.contains("INVALID USERNAME");
    }
}
