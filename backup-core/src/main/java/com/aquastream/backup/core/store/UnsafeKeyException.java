package com.aquastream.backup.core.store;

import com.aquastream.backup.core.naming.InvalidIdentifierException;

/**
 * Thrown when an object key or prefix could escape the store's root or confuse it (absolute path, {@code ..},
 * backslash, control character, hidden segment, character outside the allow-list). It is an
 * {@link InvalidIdentifierException}, so callers handling invalid names handle unsafe keys too.
 */
public class UnsafeKeyException extends InvalidIdentifierException {

    private static final long serialVersionUID = 1L;

    public UnsafeKeyException(String message) {
        super(message);
    }
}
