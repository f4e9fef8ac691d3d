package com.aquastream.backup.core.pitr;

import com.aquastream.backup.core.checksum.DigestingInputStream;
import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.core.store.Sidecars;
import com.aquastream.backup.core.wal.TimelineHistoryName;
import com.aquastream.backup.core.wal.WalArchiveKeys;
import com.aquastream.backup.core.wal.WalSegmentName;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Serves a cluster's archived WAL to a recovering server's {@code restore_command}: {@code GET /{token}/{file}} on
 * 127.0.0.1 answers a segment or timeline history file, fetched from the store, checked against its sidecar and
 * decompressed; 404 when the archive does not have it. The token (random, only in the recovering server's own
 * configuration) keeps other local users from reading the WAL.
 *
 * <p>What it could not serve is remembered, because PostgreSQL only sees "no such file": a segment missing while a
 * later one of its timeline is archived is a <em>gap</em> in the chain, and a segment whose bytes differ from its
 * sidecar is <em>corrupt</em>; either way the recovery cannot go past it, and {@link #problem()} names it. A segment
 * missing with nothing after it is the end of the archive: normal. When only the snapshot of the segment still
 * being received exists ({@code .partial}), it is served in its place: its zero tail ends the replay there.
 */
public final class WalFetchServer implements AutoCloseable {

    private final ObjectStore store;
    private final String cluster;
    private final long segmentBytes;
    private final Path spool;
    private final String token;
    private final HttpServer server;
    private final AtomicReference<Problem> problem = new AtomicReference<>();
    private final AtomicInteger served = new AtomicInteger();

    /** Why a segment the recovery asked for could not be given to it. */
    public record Problem(Kind kind, String file, String key) {

        public enum Kind { MISSING, CORRUPT }

        public String describe() {
            return kind == Kind.MISSING
                    ? "WAL segment " + file + " is missing from the archive (a gap: later segments of its timeline"
                    + " are archived)"
                    : "WAL segment " + file + " in the archive is corrupt: " + key + " does not match its sidecar";
        }
    }

    /**
     * @param segmentBytes the recovering cluster's WAL segment size
     * @param spool        a private directory for the segments being handed over (one at a time)
     */
    public WalFetchServer(ObjectStore store, String cluster, long segmentBytes, Path spool) throws IOException {
        this.store = Objects.requireNonNull(store, "store");
        this.cluster = cluster;
        this.segmentBytes = segmentBytes;
        WalArchiveKeys.clusterPrefix(cluster); // validates the name
        this.spool = Files.createDirectories(spool);
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        this.token = HexFormat.of().formatHex(random);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/" + token + "/", this::handle);
        server.start();
    }

    /** The {@code restore_command} that fetches from this server ({@code %f}, {@code %p} as PostgreSQL expands). */
    public String restoreCommand() {
        return "curl --silent --show-error --fail --max-time 600 --output \"%p\" "
                + "http://127.0.0.1:" + server.getAddress().getPort() + "/" + token + "/%f";
    }

    /** The first gap or corrupt segment a recovery asked for, if any. */
    public Optional<Problem> problem() {
        return Optional.ofNullable(problem.get());
    }

    /** How many files were handed over. */
    public int served() {
        return served.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String file = exchange.getRequestURI().getPath().substring(token.length() + 2);
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            Path spooled = spool.resolve("fetched");
            Files.deleteIfExists(spooled);
            int status = fetch(file, spooled);
            if (status != 200) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(200, Files.size(spooled));
            try (OutputStream body = exchange.getResponseBody()) {
                Files.copy(spooled, body);
            }
            served.incrementAndGet();
        }
    }

    /** Fetches {@code file} into {@code target}; returns the HTTP status to answer. */
    int fetch(String file, Path target) throws IOException {
        Optional<WalSegmentName> segment = WalSegmentName.tryParse(file, segmentBytes);
        Optional<TimelineHistoryName> history = TimelineHistoryName.tryParse(file);
        if (segment.isPresent() && !segment.get().partial()) {
            return fetchSegment(segment.get(), file, target);
        }
        if (history.isPresent()) {
            for (Compression compression : Compression.values()) {
                String key = WalArchiveKeys.historyKey(cluster, history.get(), compression);
                if (store.exists(key)) {
                    return copyVerified(key, compression, file, target);
                }
            }
            return 404;
        }
        return 404; // e.g. a backup history file: never archived, not needed
    }

    private int fetchSegment(WalSegmentName segment, String file, Path target) throws IOException {
        WalSegmentName partial = new WalSegmentName(segment.timeline(), segment.segmentNumber(),
                segment.segmentBytes(), true);
        for (WalSegmentName candidate : List.of(segment, partial)) {
            for (Compression compression : Compression.values()) {
                String key = WalArchiveKeys.segmentKey(cluster, candidate, compression);
                if (store.exists(key)) {
                    return copyVerified(key, compression, file, target);
                }
            }
        }
        if (laterSegmentArchived(segment)) {
            problem.compareAndSet(null, new Problem(Problem.Kind.MISSING, file, null));
        }
        return 404;
    }

    private boolean laterSegmentArchived(WalSegmentName segment) throws IOException {
        String prefix = WalArchiveKeys.timelinePrefix(cluster, segment);
        for (String key : store.list(prefix)) {
            String name = key.substring(prefix.length());
            int dot = name.indexOf('.');
            Optional<WalSegmentName> other = WalSegmentName.tryParse(dot < 0 ? name : name.substring(0, dot), segmentBytes);
            if (other.isPresent() && other.get().segmentNumber() > segment.segmentNumber()) {
                return true;
            }
        }
        return false;
    }

    private int copyVerified(String key, Compression compression, String file, Path target) throws IOException {
        String expected;
        try {
            expected = Sidecars.read(store, WalArchiveKeys.sidecarKey(key));
        } catch (IOException | RuntimeException noSidecar) {
            expected = null;
        }
        String actual;
        try (InputStream raw = store.get(key)) {
            DigestingInputStream stored = new DigestingInputStream(raw);
            try {
                Files.copy(compression.decompress(stored), target); // closed with raw
            } catch (IOException undecodable) {
                Files.deleteIfExists(target); // the digest below tells why
            }
            stored.transferTo(OutputStream.nullOutputStream());
            actual = stored.sha256Hex();
        }
        if (expected == null || !expected.equals(actual)) {
            Files.deleteIfExists(target);
            problem.compareAndSet(null, new Problem(Problem.Kind.CORRUPT, file, key));
            return 500;
        }
        return 200;
    }

    @Override
    public void close() {
        server.stop(0);
        try {
            Files.deleteIfExists(spool.resolve("fetched"));
        } catch (IOException ignored) {
            // the recovery's work directory goes with it
        }
    }
}
