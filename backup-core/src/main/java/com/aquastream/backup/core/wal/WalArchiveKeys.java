package com.aquastream.backup.core.wal;

import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.naming.BackupNaming;
import com.aquastream.backup.core.naming.Identifiers;
import com.aquastream.backup.core.store.ObjectKeys;

import java.util.Objects;

/**
 * Where archived WAL lives in the object store: {@code wal/{cluster}/{timeline}/{segment}{.gz|.zst}}, e.g.
 * {@code wal/main/00000001/000000010000000000000003.gz}, with the {@code .sha256} sidecar beside it. The segment
 * that is still being received is stored as {@code …/000000010000000000000004.partial.gz} and overwritten each time
 * it is shipped again. A timeline's history file is {@code …/00000002/00000002.history.gz}.
 *
 * <p>The cluster is a plain identifier ({@link Identifiers}) and the rest comes from a parsed
 * {@link WalSegmentName}, so no key can leave its cluster's prefix; every key is checked by {@link ObjectKeys} too.
 */
public final class WalArchiveKeys {

    /** The top-level folder of all archived WAL. */
    public static final String ROOT = "wal/";

    private WalArchiveKeys() {
    }

    /** {@code wal/{cluster}/}: everything archived for one cluster. */
    public static String clusterPrefix(String cluster) {
        return ROOT + Identifiers.requireIdentifier("cluster", cluster) + "/";
    }

    /** {@code wal/{cluster}/{timeline}/}: one timeline of one cluster. */
    public static String timelinePrefix(String cluster, WalSegmentName segment) {
        return clusterPrefix(cluster) + segment.timelineHex() + "/";
    }

    /** The key of a (partial) segment compressed with {@code compression}. */
    public static String segmentKey(String cluster, WalSegmentName segment, Compression compression) {
        Objects.requireNonNull(compression, "compression");
        return ObjectKeys.requireSafeKey(timelinePrefix(cluster, segment) + segment.fileName()
                + compression.extension());
    }

    /**
     * The key of a timeline history file: {@code wal/{cluster}/{timeline}/{timeline}.history{.gz|.zst}}, beside the
     * segments of the timeline it starts.
     */
    public static String historyKey(String cluster, TimelineHistoryName history, Compression compression) {
        Objects.requireNonNull(compression, "compression");
        return ObjectKeys.requireSafeKey(clusterPrefix(cluster) + history.timelineHex() + "/" + history.fileName()
                + compression.extension());
    }

    /** The checksum sidecar beside {@code key}. */
    public static String sidecarKey(String key) {
        return BackupNaming.sidecarKey(ObjectKeys.requireSafeKey(key));
    }
}
