package com.aquastream.backup.core.wal;

import com.aquastream.backup.core.checksum.DigestingInputStream;
import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.naming.Identifiers;
import com.aquastream.backup.core.pipeline.ArchiveWriter;
import com.aquastream.backup.core.pipeline.StoredArchive;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.core.store.Sidecars;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Ships the WAL that {@code pg_receivewal} wrote into its directory to the object store: every completed segment
 * once (compressed, with its {@code .sha256} sidecar, read back and verified, then deleted locally), and on request
 * a snapshot of the partial segment, so the recovery point does not wait for the segment to fill up; and the timeline
 * history files a recovery across a promotion needs.
 *
 * <p>Streams through {@link ArchiveWriter} (the pipeline every backup uses), so memory does not grow with the
 * segment size. A completed segment is deleted locally only after the stored object's checksum matched its sidecar
 * and its decompressed bytes matched the local file's SHA-256: the local copy is the only one until then.
 *
 * <p>A segment already in the store (a crash between upload and local delete) is verified against the local file
 * and reported as shipped again, never overwritten; a stored segment with <em>different</em> content fails with an
 * {@link IOException} and both copies stay, because two servers writing one cluster's prefix is a configuration
 * fault an operator must see. Not thread-safe: one shipper per receive directory.
 */
public final class WalShipper {

    private static final int BUFFER = 64 * 1024;

    private final String cluster;
    private final Path directory;
    private final long segmentBytes;
    private final ObjectStore store;
    private final ArchiveWriter writer;
    private final Compression compression;
    private final int level;
    private final Clock clock;
    private ShippedSegment furthest;

    /**
     * @param cluster      the cluster's name in keys (a plain identifier)
     * @param directory    {@code pg_receivewal}'s target directory
     * @param segmentBytes the cluster's WAL segment size
     * @param level        codec level, negative for the codec's default (gzip's 0 stores uncompressed)
     */
    public WalShipper(String cluster, Path directory, long segmentBytes, ObjectStore store, ArchiveWriter writer,
                      Compression compression, int level, Clock clock) {
        this.cluster = Identifiers.requireIdentifier("cluster", cluster);
        this.directory = Objects.requireNonNull(directory, "directory");
        this.segmentBytes = segmentBytes;
        this.store = Objects.requireNonNull(store, "store");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.compression = Objects.requireNonNull(compression, "compression");
        this.level = level;
        this.clock = Objects.requireNonNull(clock, "clock");
        WalSegmentName.containing(1, new Lsn(0), segmentBytes); // validates the size
    }

    /** The completed segments waiting in the directory, oldest first (timeline, then position). */
    public List<WalSegmentName> pending() throws IOException {
        return segments(false);
    }

    /**
     * Ships every pending completed segment, oldest first, and returns them. If one fails, the exception propagates:
     * the ones before it are shipped (and gone locally), it and the later ones stay for the next round. A caller that
     * must announce each segment exactly when it is shipped uses {@link #pending()} and {@link #ship} instead.
     */
    public List<ShippedSegment> shipCompleted() throws IOException {
        List<ShippedSegment> shipped = new ArrayList<>();
        for (WalSegmentName segment : pending()) {
            shipped.add(ship(segment));
        }
        return shipped;
    }

    /** Ships one completed segment from the directory: store, sidecar, verify, delete locally, drop its partial. */
    public ShippedSegment ship(WalSegmentName segment) throws IOException {
        if (segment.partial()) {
            throw new IllegalArgumentException("ship completed segments only; use shipPartial(): " + segment);
        }
        Path file = directory.resolve(segment.fileName());
        long size = Files.size(file);
        if (size != segmentBytes) {
            throw new IOException("completed WAL segment " + file + " has " + size + " bytes, expected "
                    + segmentBytes);
        }
        String key = WalArchiveKeys.segmentKey(cluster, segment, compression);
        ShippedSegment shipped = store.exists(key) && store.exists(WalArchiveKeys.sidecarKey(key))
                ? alreadyStored(segment, file, key)
                : upload(segment, file, key, segment.endLsn());
        Files.delete(file);
        String partialKey = WalArchiveKeys.segmentKey(cluster, partialOf(segment), compression);
        store.delete(WalArchiveKeys.sidecarKey(partialKey));
        store.delete(partialKey);
        remember(shipped);
        return shipped;
    }

    /**
     * Stores a snapshot of the newest partial segment under its {@code .partial} key, replacing the previous
     * snapshot. Empty when there is no partial segment (or it was completed while we looked).
     */
    public Optional<ShippedSegment> shipPartial() throws IOException {
        List<WalSegmentName> partials = segments(true);
        if (partials.isEmpty()) {
            return Optional.empty();
        }
        WalSegmentName segment = partials.get(partials.size() - 1);
        String key = WalArchiveKeys.segmentKey(cluster, segment, compression);
        try {
            ShippedSegment shipped = upload(segment, directory.resolve(segment.fileName()), key, null);
            remember(shipped);
            return Optional.of(shipped);
        } catch (NoSuchFileException renamedMeanwhile) {
            // pg_receivewal completed the segment between listing and opening: the next round ships it whole.
            return Optional.empty();
        }
    }

    /**
     * Ships the timeline history files ({@code TTTTTTTT.history}) not yet in the store, compressed with their sidecar
     * and verified like segments, and returns their keys. They are small and kept locally; one already stored is
     * checked against the local file and never overwritten (a different one fails with an {@link IOException}).
     */
    public List<String> shipHistories() throws IOException {
        List<TimelineHistoryName> histories = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                TimelineHistoryName.tryParse(entry.getFileName().toString())
                        .filter(name -> Files.isRegularFile(entry))
                        .ifPresent(histories::add);
            }
        }
        histories.sort(Comparator.comparingLong(TimelineHistoryName::timeline));
        List<String> shipped = new ArrayList<>();
        for (TimelineHistoryName history : histories) {
            Path file = directory.resolve(history.fileName());
            String key = WalArchiveKeys.historyKey(cluster, history, compression);
            Digest local = digestOf(file);
            if (store.exists(key) && store.exists(WalArchiveKeys.sidecarKey(key))) {
                if (!verify(key).equals(local)) {
                    throw new IOException("refusing to overwrite " + key + ": the store holds a different history"
                            + " of that timeline (two servers archiving into one cluster's prefix?)");
                }
                continue;
            }
            try (InputStream in = Files.newInputStream(file)) {
                writer.store(in, compression, level, store, List.of(key));
            }
            if (!verify(key).equals(local)) {
                throw new IOException("stored history " + key + " does not decompress to the shipped bytes");
            }
            shipped.add(key);
        }
        return shipped;
    }

    /** The furthest WAL position shipped so far by this shipper (completed or partial), for {@link WalLag}. */
    public Optional<ShippedSegment> furthestShipped() {
        return Optional.ofNullable(furthest);
    }

    private List<WalSegmentName> segments(boolean partial) throws IOException {
        List<WalSegmentName> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                WalSegmentName.tryParse(entry.getFileName().toString(), segmentBytes)
                        .filter(name -> name.partial() == partial)
                        .filter(name -> Files.isRegularFile(entry))
                        .ifPresent(found::add);
            }
        }
        found.sort(Comparator.comparingLong(WalSegmentName::timeline)
                .thenComparingLong(WalSegmentName::segmentNumber));
        return found;
    }

    /**
     * Compresses {@code file} into the store, then verifies it. {@code end} is the segment's end for a completed
     * segment, or null to take it from the received bytes (partial).
     */
    private ShippedSegment upload(WalSegmentName segment, Path file, String key, Lsn end) throws IOException {
        StoredArchive stored;
        Digest local;
        try (InputStream in = Files.newInputStream(file)) {
            DigestingInputStream walDigest = new DigestingInputStream(in);
            ReceivedExtent extent = new ReceivedExtent(walDigest);
            stored = writer.store(extent, compression, level, store, List.of(key));
            local = new Digest(walDigest.sha256Hex(), walDigest.bytesRead());
            if (end == null) {
                end = new Lsn(segment.startLsn().value() + alignUp(extent.end));
            }
        }
        Digest inStore = verify(key);
        if (!inStore.equals(local)) {
            throw new IOException("stored WAL " + key + " does not decompress to the shipped bytes");
        }
        return new ShippedSegment(segment, segment.startLsn(), end, local.bytes, stored.sizeBytes(),
                stored.sha256Hex(), key, clock.instant());
    }

    private ShippedSegment alreadyStored(WalSegmentName segment, Path file, String key) throws IOException {
        Digest local = digestOf(file);
        Digest inStore = verify(key);
        if (!inStore.equals(local)) {
            throw new IOException("refusing to overwrite " + key + ": the store holds a different segment of that"
                    + " name (two servers archiving into one cluster's prefix?)");
        }
        String sidecar = readSidecar(key);
        return new ShippedSegment(segment, segment.startLsn(), segment.endLsn(), local.bytes,
                storedSize(key), sidecar, key, clock.instant());
    }

    private static Digest digestOf(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            DigestingInputStream digest = new DigestingInputStream(in);
            digest.transferTo(OutputStream.nullOutputStream());
            return new Digest(digest.sha256Hex(), digest.bytesRead());
        }
    }

    /**
     * Reads the object back: its SHA-256 must be the sidecar's; returns the digest of its decompressed content.
     */
    private Digest verify(String key) throws IOException {
        String expected = readSidecar(key);
        try (InputStream raw = store.get(key)) {
            DigestingInputStream storedDigest = new DigestingInputStream(raw);
            DigestingInputStream walDigest = new DigestingInputStream(compression.decompress(storedDigest));
            walDigest.transferTo(OutputStream.nullOutputStream());
            storedDigest.transferTo(OutputStream.nullOutputStream()); // whatever the codec left unread still counts
            if (!storedDigest.sha256Hex().equals(expected)) {
                throw new IOException("stored WAL " + key + " does not match its sidecar");
            }
            return new Digest(walDigest.sha256Hex(), walDigest.bytesRead());
        }
    }

    private String readSidecar(String key) throws IOException {
        return Sidecars.read(store, WalArchiveKeys.sidecarKey(key));
    }

    private long storedSize(String key) throws IOException {
        try (InputStream in = store.get(key)) {
            return in.transferTo(OutputStream.nullOutputStream());
        }
    }

    private void remember(ShippedSegment shipped) {
        if (furthest == null || shipped.timeline() > furthest.timeline()
                || shipped.timeline() == furthest.timeline() && shipped.endLsn().compareTo(furthest.endLsn()) >= 0) {
            furthest = shipped;
        }
    }

    /** WAL records start at 8-byte (MAXALIGN) boundaries, so zeros up to the next one are padding, not lost WAL. */
    private static long alignUp(long offset) {
        return (offset + 7) & ~7L;
    }

    private static WalSegmentName partialOf(WalSegmentName segment) {
        return new WalSegmentName(segment.timeline(), segment.segmentNumber(), segment.segmentBytes(), true);
    }

    private record Digest(String sha256Hex, long bytes) {
    }

    /**
     * Notes where the received WAL ends in a partial segment: pg_receivewal pre-allocates the file with zeros, and
     * WAL pages always start with a non-zero header, so the last non-zero byte (rounded up to the record alignment)
     * tells where the received WAL ends; a record whose last bytes are zero makes this a slight underestimate.
     */
    private static final class ReceivedExtent extends FilterInputStream {

        private long offset;
        private long end;

        ReceivedExtent(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                offset++;
                if (b != 0) {
                    end = offset;
                }
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            for (int i = n - 1; i >= 0; i--) {
                if (b[off + i] != 0) {
                    end = offset + i + 1;
                    break;
                }
            }
            if (n > 0) {
                offset += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // Skipped bytes must be looked at too, so read them.
            int r = read(new byte[(int) Math.min(Math.max(n, 0), BUFFER)]);
            return Math.max(r, 0);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
