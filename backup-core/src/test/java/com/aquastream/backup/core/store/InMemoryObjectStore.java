package com.aquastream.backup.core.store;

import com.aquastream.backup.core.checksum.DigestingInputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * In-memory {@link ObjectStore} fake for unit tests, honouring the same contract as the real stores (checked by
 * {@code InMemoryObjectStoreTest} through {@code ObjectStoreContract}): keys validated, put visible only after the
 * whole content was read, failures leave previous objects untouched, list sorted and without staged keys unless asked for the staging area. Holds whole objects in memory,
 * so it is for small test archives only.
 */
public class InMemoryObjectStore implements ObjectStore {

    private final Map<String, byte[]> objects = new ConcurrentSkipListMap<>();

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public StoredObjectInfo put(String key, InputStream content) throws IOException {
        ObjectKeys.requireSafeKey(key);
        Objects.requireNonNull(content, "content");
        DigestingInputStream digesting = new DigestingInputStream(content);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        digesting.transferTo(bytes);
        objects.put(key, bytes.toByteArray());
        return new StoredObjectInfo(key, digesting.bytesRead(), digesting.sha256Hex());
    }

    @Override
    public InputStream get(String key) throws IOException {
        return new ByteArrayInputStream(bytes(key));
    }

    @Override
    public boolean exists(String key) {
        ObjectKeys.requireSafeKey(key);
        return objects.containsKey(key);
    }

    @Override
    public void copy(String sourceKey, String targetKey) throws IOException {
        ObjectKeys.requireSafeKey(targetKey);
        objects.put(targetKey, bytes(sourceKey));
    }

    @Override
    public void move(String sourceKey, String targetKey) throws IOException {
        ObjectKeys.requireSafeKey(targetKey);
        byte[] bytes = bytes(sourceKey);
        objects.put(targetKey, bytes);
        if (!sourceKey.equals(targetKey)) {
            objects.remove(sourceKey);
        }
    }

    @Override
    public void delete(String key) {
        ObjectKeys.requireSafeKey(key);
        objects.remove(key);
    }

    @Override
    public List<String> list(String prefix) {
        ObjectKeys.requireSafePrefix(prefix);
        return objects.keySet().stream().filter(k -> ObjectKeys.listedFor(prefix, k)).sorted().toList();
    }

    /** The stored bytes under {@code key} (a copy), for assertions. */
    public byte[] bytes(String key) throws ObjectNotFoundException {
        ObjectKeys.requireSafeKey(key);
        byte[] bytes = objects.get(key);
        if (bytes == null) {
            throw new ObjectNotFoundException(key);
        }
        return bytes.clone();
    }

    /** Replaces the bytes under {@code key} without any checks, to simulate corruption in tests. */
    public void corrupt(String key, byte[] bytes) {
        objects.put(key, bytes.clone());
    }
}
