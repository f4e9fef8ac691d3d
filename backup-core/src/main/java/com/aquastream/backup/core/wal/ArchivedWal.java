package com.aquastream.backup.core.wal;

import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.naming.BackupNaming;

import java.util.Optional;

/**
 * One object of a cluster's WAL archive read back from its store key ({@link WalArchiveKeys}): a completed segment,
 * the snapshot of the segment being received ({@code .partial}), or a timeline history file, each either the
 * compressed object itself or its {@code .sha256} sidecar. Anything else under {@code wal/{cluster}/} (a key of
 * another layout, a folder that does not match its file's timeline) is not one, so retention never touches it.
 *
 * @param key      the store key
 * @param timeline the timeline the object belongs to
 * @param segment  the segment (completed name, {@link WalSegmentName#partial()} for a snapshot); empty for a history
 * @param sidecar  whether this is the checksum sidecar of the object rather than the object
 */
public record ArchivedWal(String key, long timeline, Optional<WalSegmentName> segment, boolean sidecar) {

    /** Whether this is a timeline history file (or its sidecar). */
    public boolean history() {
        return segment.isEmpty();
    }

    /** Whether this is the snapshot of the segment being received (or its sidecar). */
    public boolean partial() {
        return segment.map(WalSegmentName::partial).orElse(false);
    }

    /**
     * Reads a key listed under {@link WalArchiveKeys#clusterPrefix(String) wal/{cluster}/}.
     *
     * @return empty for a key that is not an object of this layout
     */
    public static Optional<ArchivedWal> parse(String cluster, String key, long segmentBytes) {
        String prefix = WalArchiveKeys.clusterPrefix(cluster);
        if (key == null || !key.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = key.substring(prefix.length());
        int slash = rest.indexOf('/');
        if (slash != 8 || rest.indexOf('/', slash + 1) >= 0) {
            return Optional.empty();
        }
        String folder = rest.substring(0, slash);
        String file = rest.substring(slash + 1);
        boolean sidecar = file.endsWith(BackupNaming.SIDECAR_SUFFIX);
        if (sidecar) {
            file = file.substring(0, file.length() - BackupNaming.SIDECAR_SUFFIX.length());
        }
        String name = withoutCompression(file);
        if (name == null) {
            return Optional.empty();
        }
        Optional<WalSegmentName> segment = WalSegmentName.tryParse(name, segmentBytes);
        if (segment.isPresent()) {
            return segment.get().timelineHex().equals(folder)
                    ? Optional.of(new ArchivedWal(key, segment.get().timeline(), segment, sidecar))
                    : Optional.empty();
        }
        return TimelineHistoryName.tryParse(name).filter(h -> h.timelineHex().equals(folder))
                .map(h -> new ArchivedWal(key, h.timeline(), Optional.empty(), sidecar));
    }

    private static String withoutCompression(String file) {
        for (Compression compression : Compression.values()) {
            if (file.endsWith(compression.extension())) {
                return file.substring(0, file.length() - compression.extension().length());
            }
        }
        return null;
    }
}
