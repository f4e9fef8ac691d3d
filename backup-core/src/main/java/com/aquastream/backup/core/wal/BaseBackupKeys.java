package com.aquastream.backup.core.wal;

import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.naming.BackupNaming;
import com.aquastream.backup.core.naming.Identifiers;
import com.aquastream.backup.core.store.ObjectKeys;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.UUID;

/**
 * Where base backups live in the object store: {@code basebackup/{cluster}/{startedAt}-{id8}/base.tar.gz} (or
 * {@code .zst}) with its {@code .sha256} sidecar, and {@code …/base.properties} beside it, written last, describing
 * the backup (timeline, LSNs, times, checksum). A folder without that description is an unfinished backup.
 *
 * <p>{@code startedAt} as {@code yyyyMMdd'T'HHmmss'Z'} keeps the folders in time order; the first 8 hex digits of the
 * backup id keep two backups of one second apart.
 */
public final class BaseBackupKeys {

    /** The top-level folder of all base backups. */
    public static final String ROOT = "basebackup/";
    /** The description's file name inside a backup's folder. */
    public static final String INFO = "base.properties";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private BaseBackupKeys() {
    }

    /** {@code basebackup/{cluster}/}: every base backup of one cluster. */
    public static String clusterPrefix(String cluster) {
        return ROOT + Identifiers.requireIdentifier("cluster", cluster) + "/";
    }

    /** The folder of one backup. */
    public static String folder(String cluster, Instant startedAt, UUID backupId) {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(backupId, "backupId");
        String folder = clusterPrefix(cluster) + STAMP.format(startedAt) + "-"
                + backupId.toString().substring(0, 8) + "/";
        ObjectKeys.requireSafePrefix(folder);
        return folder;
    }

    /** The archive's key inside {@code folder}. */
    public static String archiveKey(String folder, Compression compression) {
        return ObjectKeys.requireSafeKey(folder + "base.tar" + compression.extension());
    }

    /** The description's key inside {@code folder}. */
    public static String infoKey(String folder) {
        return ObjectKeys.requireSafeKey(folder + INFO);
    }

    /** The folder a backup's archive or description key is in. */
    public static String folderOf(String key) {
        int slash = ObjectKeys.requireSafeKey(key).lastIndexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a key inside a base backup's folder: " + key);
        }
        return key.substring(0, slash + 1);
    }

    /** The checksum sidecar beside {@code key}. */
    public static String sidecarKey(String key) {
        return BackupNaming.sidecarKey(ObjectKeys.requireSafeKey(key));
    }
}
