package com.aquastream.backup.core.wal;

import com.aquastream.backup.core.store.ObjectStore;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

/**
 * The base backups of a cluster as the object store holds them: each described by {@code base.properties} beside its
 * archive ({@link BaseBackupKeys}). The store is the source of truth for a recovery, so it works with the catalog
 * gone too.
 */
public final class BaseBackups {

    private BaseBackups() {
    }

    /** Writes the description of a stored backup into {@code folder}: the last step, which makes it a backup. */
    static void describe(ObjectStore store, String folder, BaseBackupResult result) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("cluster", result.cluster());
        properties.setProperty("backupId", result.backupId().toString());
        properties.setProperty("key", result.key());
        properties.setProperty("timeline", Long.toString(result.timeline()));
        properties.setProperty("startLsn", result.startLsn().toString());
        properties.setProperty("endLsn", result.endLsn().toString());
        properties.setProperty("startedAt", result.startedAt().toString());
        properties.setProperty("finishedAt", result.finishedAt().toString());
        properties.setProperty("sizeBytes", Long.toString(result.sizeBytes()));
        properties.setProperty("sha256", result.sha256Hex());
        properties.setProperty("compression", result.compression());
        if (result.serverVersion() != null) {
            properties.setProperty("serverVersion", result.serverVersion());
        }
        properties.setProperty("toolVersion", result.toolVersion());
        properties.setProperty("manifestVerified", Boolean.toString(result.manifestVerified()));
        StringWriter text = new StringWriter();
        properties.store(text, "base backup " + result.backupId());
        store.put(BaseBackupKeys.infoKey(folder),
                new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** Every described base backup of {@code cluster}, oldest first; an unreadable description is skipped. */
    public static List<BaseBackupResult> list(ObjectStore store, String cluster) throws IOException {
        List<BaseBackupResult> backups = new ArrayList<>();
        for (String key : store.list(BaseBackupKeys.clusterPrefix(cluster))) {
            if (key.endsWith("/" + BaseBackupKeys.INFO)) {
                read(store, key).ifPresent(backups::add);
            }
        }
        backups.sort(Comparator.comparing(BaseBackupResult::finishedAt));
        return backups;
    }

    /**
     * The newest base backup that had finished before {@code target}: the one a recovery to {@code target} starts
     * from (a backup is consistent only once its end point is replayed, which was archived before it finished).
     */
    public static Optional<BaseBackupResult> newestBefore(ObjectStore store, String cluster, Instant target)
            throws IOException {
        BaseBackupResult newest = null;
        for (BaseBackupResult backup : list(store, cluster)) {
            if (backup.finishedAt().isBefore(target)) {
                newest = backup;
            }
        }
        return Optional.ofNullable(newest);
    }

    /**
     * The newest base backup whose end point lies before WAL position {@code target}: the one a recovery to that
     * position starts from (it is consistent only from its end point on).
     */
    public static Optional<BaseBackupResult> newestEndingBefore(ObjectStore store, String cluster, Lsn target)
            throws IOException {
        BaseBackupResult newest = null;
        for (BaseBackupResult backup : list(store, cluster)) {
            if (backup.endLsn().compareTo(target) <= 0
                    && (newest == null || backup.endLsn().compareTo(newest.endLsn()) > 0)) {
                newest = backup;
            }
        }
        return Optional.ofNullable(newest);
    }

    private static Optional<BaseBackupResult> read(ObjectStore store, String infoKey) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = store.get(infoKey)) {
            properties.load(new StringReader(new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8)));
        }
        try {
            String key = properties.getProperty("key");
            if (!BaseBackupKeys.folderOf(key).equals(BaseBackupKeys.folderOf(infoKey))
                    || !cluster(infoKey).equals(properties.getProperty("cluster"))) {
                return Optional.empty(); // a description must name its own archive, never another place
            }
            return Optional.of(new BaseBackupResult(properties.getProperty("cluster"),
                    UUID.fromString(properties.getProperty("backupId")), key,
                    Long.parseLong(properties.getProperty("timeline")), Lsn.parse(properties.getProperty("startLsn")),
                    Lsn.parse(properties.getProperty("endLsn")), Instant.parse(properties.getProperty("startedAt")),
                    Instant.parse(properties.getProperty("finishedAt")),
                    Long.parseLong(properties.getProperty("sizeBytes")), properties.getProperty("sha256"),
                    properties.getProperty("compression"), properties.getProperty("serverVersion"),
                    properties.getProperty("toolVersion"),
                    Boolean.parseBoolean(properties.getProperty("manifestVerified"))));
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }

    private static String cluster(String infoKey) {
        String rest = infoKey.substring(BaseBackupKeys.ROOT.length());
        return rest.substring(0, rest.indexOf('/'));
    }
}
