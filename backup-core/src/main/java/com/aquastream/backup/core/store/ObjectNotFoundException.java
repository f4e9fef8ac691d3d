package com.aquastream.backup.core.store;

import java.io.IOException;

/** Thrown by {@link ObjectStore#get} and {@link ObjectStore#copy} when no object exists under the key. */
public class ObjectNotFoundException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public ObjectNotFoundException(String key) {
        super("no object under key " + key);
        this.key = key;
    }

    /** The key that was looked up (already validated by {@link ObjectKeys#requireSafeKey}, so safe to log). */
    public String key() {
        return key;
    }
}
