package com.aquastream.backup.worker.backup.store;

import com.aquastream.backup.core.store.ObjectNotFoundException;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.MalformedEventException;
import com.aquastream.backup.worker.backup.BackupManifests;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@link BackupManifests} as {@code {key}.manifest.json} objects holding the {@code backup.completed} event. */
public final class ObjectStoreManifests implements BackupManifests {

    private final ObjectStore store;
    private final EventCodec codec;

    public ObjectStoreManifests(ObjectStore store, EventCodec codec) {
        this.store = store;
        this.codec = codec;
    }

    @Override
    public Optional<BackupCompleted> find(String primaryKey) {
        try (InputStream in = store.get(BackupManifests.keyOf(primaryKey))) {
            return Optional.of(codec.decode(in.readAllBytes(), BackupCompleted.class));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        } catch (MalformedEventException e) {
            // An unreadable manifest only costs a new dump; it must not block the backup.
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("reading manifest of " + primaryKey, e);
        }
    }

    @Override
    public List<String> announcedKeys(String area) {
        try {
            List<String> listed = store.list(area);
            Set<String> present = new HashSet<>(listed);
            return listed.stream().filter(k -> present.contains(BackupManifests.keyOf(k))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + area, e);
        }
    }

    @Override
    public void save(String primaryKey, BackupCompleted completed) {
        try {
            store.put(BackupManifests.keyOf(primaryKey), new ByteArrayInputStream(codec.encode(completed)));
        } catch (IOException e) {
            throw new UncheckedIOException("writing manifest of " + primaryKey, e);
        }
    }
}
