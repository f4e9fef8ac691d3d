package com.aquastream.backup.core.offsite;

import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.core.store.StoredObjectInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** {@link OffsiteCopies#plaintextView()}: reads decrypt, writes are refused (the view is for readers only). */
final class PlaintextView implements ObjectStore {

    private final OffsiteCopies copies;

    PlaintextView(OffsiteCopies copies) {
        this.copies = copies;
    }

    @Override
    public String name() {
        return copies.store().name();
    }

    @Override
    public InputStream get(String key) throws IOException {
        return OffsiteCopies.isCompanion(key) ? copies.store().get(key) : copies.openPlaintext(key);
    }

    @Override
    public boolean exists(String key) throws IOException {
        return copies.store().exists(key);
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        return copies.store().list(prefix);
    }

    @Override
    public StoredObjectInfo put(String key, InputStream content) {
        throw readOnly();
    }

    @Override
    public void copy(String sourceKey, String targetKey) {
        throw readOnly();
    }

    @Override
    public void delete(String key) {
        throw readOnly();
    }

    private static UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("the plaintext view of the offsite store is read-only");
    }
}
