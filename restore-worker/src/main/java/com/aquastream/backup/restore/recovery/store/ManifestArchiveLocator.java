package com.aquastream.backup.restore.recovery.store;

import com.aquastream.backup.core.naming.BackupNaming;
import com.aquastream.backup.core.store.ObjectNotFoundException;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.MalformedEventException;
import com.aquastream.backup.events.StoredObject;
import com.aquastream.backup.restore.recovery.ArchiveFetcher.ArchiveRejectedException;
import com.aquastream.backup.restore.recovery.ArchiveLocator;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ArchiveLocator} over the {@code {key}.manifest.json} records the backup-worker writes beside every object.
 * Only keys of the schema (by the strict naming rule) are read; a weekly or monthly copy shares its backup id with
 * the daily object, and the backup's first object (as its record lists it) is the one returned.
 */
public final class ManifestArchiveLocator implements ArchiveLocator {

    private static final Logger log = LoggerFactory.getLogger(ManifestArchiveLocator.class);
    private static final int MAX_MANIFEST_BYTES = 1 << 20;

    private final ObjectStore store;
    private final EventCodec codec = new EventCodec();

    public ManifestArchiveLocator(ObjectStore store) {
        this.store = store;
    }

    @Override
    public String locate(String database, String schema, UUID backupId, Instant asOf)
            throws ArchiveRejectedException, IOException {
        List<Found> found = recordsOf(database, schema);
        Optional<Found> chosen = backupId != null
                ? found.stream().filter(f -> backupId.equals(f.record().backupId()))
                        .min(Comparator.comparingInt(Found::rank))
                : found.stream()
                        .filter(f -> f.record().finishedAt() != null
                                && (asOf == null || !f.record().finishedAt().isAfter(asOf)))
                        .max(Comparator.comparing((Found f) -> f.record().finishedAt())
                                .thenComparing(Comparator.comparingInt(Found::rank).reversed()));
        if (chosen.isEmpty()) {
            String wanted = backupId != null ? "backup " + backupId
                    : asOf != null ? "a backup finished at or before " + asOf : "any backup";
            throw new ArchiveRejectedException("the store holds no record of " + wanted + " of " + database + "."
                    + schema + " (" + found.size() + " objects of the schema found)", false);
        }
        return chosen.get().objectKey();
    }

    /** A stored object of the schema with its backup's record; rank is its place among the record's objects. */
    private record Found(BackupCompleted record, String objectKey) {
        int rank() {
            List<StoredObject> objects = record.objects() == null ? List.of() : record.objects();
            for (int i = 0; i < objects.size(); i++) {
                if (objectKey.equals(objects.get(i).key())) {
                    return i;
                }
            }
            return objects.size();
        }
    }

    private List<Found> recordsOf(String database, String schema) throws IOException {
        List<Found> found = new ArrayList<>();
        for (String key : store.list(BackupNaming.areaOf(database, schema))) {
            if (!key.endsWith(BackupNaming.MANIFEST_SUFFIX)) {
                continue;
            }
            String objectKey = key.substring(0, key.length() - BackupNaming.MANIFEST_SUFFIX.length());
            if (!BackupNaming.isObjectOf(objectKey, database, schema)) {
                continue;
            }
            read(key).filter(r -> database.equals(r.database()) && schema.equals(r.schema()))
                    .ifPresent(r -> found.add(new Found(r, objectKey)));
        }
        return found;
    }

    private Optional<BackupCompleted> read(String manifestKey) throws IOException {
        try (InputStream in = store.get(manifestKey)) {
            return Optional.of(codec.decode(in.readNBytes(MAX_MANIFEST_BYTES), BackupCompleted.class));
        } catch (ObjectNotFoundException e) {
            return Optional.empty(); // expired between listing and reading
        } catch (MalformedEventException e) {
            log.warn("skipping the unreadable backup record {}: {}", manifestKey, e.getMessage());
            return Optional.empty();
        }
    }
}
