package com.aquastream.backup.core.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The key counter on RDB files written here byte by byte: the length and string encodings at their boundaries, the
 * opcodes, and refusals of what it cannot read. Files from a real server are {@link RdbKeyCounterIT}'s.
 */
class RdbKeyCounterTest {

    @Test
    void countsKeysPerDatabaseAcrossOpcodesAndEncodings() throws IOException {
        Rdb rdb = new Rdb(11).aux("redis-ver", "7.2.4").aux("aof-base", "0").function("#!lua name=x")
                .selectDb(0).resizeDb(2, 1)
                .expireMs().key(0, "a").string("v")
                .freq().key(0, "n").intString(2)
                .selectDb(5).idle(300).key(0, "b").lzf(40, 500)
                .selectDb(16_000).key(0, "c").string("x".repeat(70_000));

        assertThat(RdbKeyCounter.keysPerDatabase(rdb.end())).isEqualTo(Map.of("db0", 2L, "db5", 1L,
                "db16000", 1L));
    }

    @Test
    void anEmptySnapshotHasNoDatabases() throws IOException {
        assertThat(RdbKeyCounter.keysPerDatabase(new Rdb(10).aux("redis-ver", "7.0.15").end())).isEmpty();
    }

    @Test
    void refusesWhatIsNotAnRdbFile() {
        assertThatThrownBy(() -> RdbKeyCounter.keysPerDatabase(bytes("HELLO0011")))
                .isInstanceOf(RdbKeyCounter.UnsupportedRdbException.class).hasMessageContaining("not an RDB");
        assertThatThrownBy(() -> RdbKeyCounter.keysPerDatabase(bytes("REDISabcd")))
                .isInstanceOf(RdbKeyCounter.UnsupportedRdbException.class);
    }

    @Test
    void refusesANewerVersionRatherThanGuessing() {
        assertThatThrownBy(() -> RdbKeyCounter.keysPerDatabase(new Rdb(12).end()))
                .isInstanceOf(RdbKeyCounter.UnsupportedRdbException.class).hasMessageContaining("version 12");
    }

    @Test
    void refusesValueTypesItCannotSkip() {
        // 6: a module value of the 4.0 release candidates; 24: Redis 7.4's hash with field expiry
        for (int type : List.of(6, 8, 24, 25)) {
            Rdb rdb = new Rdb(11).selectDb(0).key(type, "k").string("whatever");
            assertThatThrownBy(() -> RdbKeyCounter.keysPerDatabase(rdb.end()))
                    .isInstanceOf(RdbKeyCounter.UnsupportedRdbException.class)
                    .hasMessageContaining("value type " + type);
        }
    }

    @Test
    void refusesCountsNoSnapshotCouldHold() {
        Rdb rdb = new Rdb(11).selectDb(0).key(1, "list").length(1L << 50);
        assertThatThrownBy(() -> RdbKeyCounter.keysPerDatabase(rdb.end()))
                .isInstanceOf(RdbKeyCounter.UnsupportedRdbException.class).hasMessageContaining("implausible");
    }

    @Test
    void aFileCutShortIsAnErrorNotACount() {
        byte[] whole = new Rdb(11).selectDb(0).key(0, "k").string("x".repeat(1_000)).endBytes();
        for (int cut : List.of(12, 20, 500, whole.length - 9)) {
            byte[] part = Arrays.copyOf(whole, cut);
            assertThatThrownBy(() -> RdbKeyCounter.keysPerDatabase(new ByteArrayInputStream(part)))
                    .as("cut at %d", cut).isInstanceOf(EOFException.class);
        }
    }

    @Property(tries = 300)
    void countsEveryGeneratedSnapshotExactly(@ForAll("snapshots") Snapshot snapshot) throws IOException {
        assertThat(RdbKeyCounter.keysPerDatabase(new ByteArrayInputStream(snapshot.bytes())))
                .isEqualTo(snapshot.expected());
    }

    @Property(tries = 100)
    void countsTheSameThroughTheCountingStreamInAnyChunkSizes(@ForAll("snapshots") Snapshot snapshot,
                                                              @ForAll("seeds") long seed) throws IOException {
        Random random = new Random(seed);
        ByteArrayOutputStream passed = new ByteArrayOutputStream();
        KeyCountingStream counted = new KeyCountingStream(new ByteArrayInputStream(snapshot.bytes()), "prop");
        try (counted) {
            byte[] buffer = new byte[4096];
            int n;
            while ((n = counted.read(buffer, 0, 1 + random.nextInt(buffer.length))) >= 0) {
                passed.write(buffer, 0, n);
            }
        }
        assertThat(passed.toByteArray()).isEqualTo(snapshot.bytes());
        assertThat(counted.keysPerDatabase(10, TimeUnit.SECONDS)).contains(snapshot.expected());
    }

    @Test
    void aStreamNotReadToItsEndHasNoCountsAndItsCounterStops() throws IOException {
        byte[] rdb = new Rdb(11).selectDb(0).key(0, "k").string("x".repeat(100_000)).endBytes();
        KeyCountingStream counted = new KeyCountingStream(new ByteArrayInputStream(rdb), "abandoned");
        counted.readNBytes(30_000);
        counted.close();

        assertThat(counted.keysPerDatabase(1, TimeUnit.SECONDS)).isEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("rdb-key-count-abandoned")));
    }

    @Test
    void contentTheCounterCannotReadStillPassesThroughWhole() throws IOException {
        byte[] notRdb = new byte[5 << 20];
        new Random(7).nextBytes(notRdb);
        ByteArrayOutputStream passed = new ByteArrayOutputStream();
        KeyCountingStream counted = new KeyCountingStream(new ByteArrayInputStream(notRdb), "garbage");
        try (counted) {
            counted.transferTo(passed);
        }

        assertThat(passed.toByteArray()).isEqualTo(notRdb);
        assertThat(counted.keysPerDatabase(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(counted.countingProblem()).hasValueSatisfying(p -> assertThat(p).contains("not an RDB"));
    }

    // --- generated snapshots ---

    record Snapshot(byte[] bytes, Map<String, Long> expected) {
        @Override
        public String toString() {
            return "Snapshot" + expected + " (" + bytes.length + " bytes)";
        }
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Provide
    Arbitrary<Snapshot> snapshots() {
        Arbitrary<Integer> version = Arbitraries.integers().between(7, 11);
        Arbitrary<List<long[]>> keys = Combinators.combine(
                Arbitraries.of(0L, 1L, 15L, 63L, 64L, 16_383L, 16_384L, 70_000L), // databases: length boundaries
                Arbitraries.integers().between(0, 11), // value kind
                Arbitraries.integers().between(0, 3), // prefix: none, expiry (s or ms), freq
                Arbitraries.longs().between(0, 40_000)) // size
                .as((db, kind, prefix, size) -> new long[] {db, kind, prefix, size})
                .list().ofMaxSize(30);
        return Combinators.combine(version, keys, Arbitraries.longs()).as(RdbKeyCounterTest::build);
    }

    private static Snapshot build(int version, List<long[]> keys, long seed) {
        Random random = new Random(seed);
        Rdb rdb = new Rdb(version).aux("redis-ver", "7.0.15");
        Map<String, Long> expected = new TreeMap<>();
        long current = -1;
        for (long[] k : keys) {
            long db = k[0];
            if (db != current) {
                rdb.selectDb(db).resizeDb(random.nextInt(100), random.nextInt(10));
                current = db;
            }
            switch ((int) k[2]) {
                case 1 -> rdb.expireMs();
                case 2 -> rdb.expireSeconds();
                case 3 -> rdb.freq();
                default -> {
                }
            }
            rdb.value((int) k[1], "key-" + random.nextInt(), (int) (k[3] % (1 + random.nextInt(40_000))), random);
            expected.merge("db" + db, 1L, Long::sum);
        }
        return new Snapshot(rdb.endBytes(), expected);
    }

    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Writes RDB bytes the way Redis's rdbSave does, for the parts these tests use. */
    static final class Rdb {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Rdb(int version) {
            raw(String.format("REDIS%04d", version).getBytes(StandardCharsets.US_ASCII));
        }

        Rdb aux(String name, String value) {
            return type(250).string(name).string(value);
        }

        Rdb function(String code) {
            return type(245).string(code);
        }

        Rdb selectDb(long db) {
            return type(254).length(db);
        }

        Rdb resizeDb(long keys, long expires) {
            return type(251).length(keys).length(expires);
        }

        Rdb expireMs() {
            return type(252).raw(new byte[8]);
        }

        Rdb expireSeconds() {
            return type(253).raw(new byte[4]);
        }

        Rdb freq() {
            return type(249).raw(new byte[] {5});
        }

        Rdb idle(long seconds) {
            return type(248).length(seconds);
        }

        Rdb key(int type, String key) {
            return type(type).string(key);
        }

        /** One key of a kind (0-11) whose size grows with {@code size}. */
        Rdb value(int kind, String key, int size, Random random) {
            int n = size % 300;
            switch (kind) {
                case 0 -> key(0, key).string("s".repeat(size));
                case 1 -> key(0, key).intString(random.nextInt(3));
                case 2 -> key(0, key).lzf(1 + size % 5_000, size);
                case 3 -> {
                    key(random.nextBoolean() ? 1 : 2, key).length(n);
                    for (int i = 0; i < n; i++) {
                        string("m" + i);
                    }
                }
                case 4 -> {
                    key(3, key).length(n);
                    for (int i = 0; i < n; i++) {
                        string("m" + i);
                        if (i % 3 == 0) {
                            raw(new byte[] {(byte) (253 + random.nextInt(3))}); // NaN, +inf, -inf
                        } else {
                            byte[] score = Double.toString(random.nextDouble()).getBytes(StandardCharsets.US_ASCII);
                            raw(new byte[] {(byte) score.length}).raw(score);
                        }
                    }
                }
                case 5 -> {
                    key(5, key).length(n);
                    for (int i = 0; i < n; i++) {
                        string("m" + i).raw(new byte[8]);
                    }
                }
                case 6 -> {
                    key(4, key).length(n);
                    for (int i = 0; i < n; i++) {
                        string("f" + i).string("v".repeat(i % 70));
                    }
                }
                case 7 -> key(List.of(9, 10, 11, 12, 13, 16, 17, 20).get(random.nextInt(8)), key)
                        .string("b".repeat(size));
                case 8 -> {
                    key(14, key).length(n % 20);
                    for (int i = 0; i < n % 20; i++) {
                        string("z".repeat(i * 100));
                    }
                }
                case 9 -> {
                    key(18, key).length(n % 20);
                    for (int i = 0; i < n % 20; i++) {
                        length(1 + i % 2).string("q".repeat(i * 50));
                    }
                }
                case 10 -> stream(key, List.of(15, 19, 21).get(random.nextInt(3)), n % 10, random);
                default -> {
                    key(7, key).length(random.nextLong() >>> 10); // module id
                    for (int i = 0; i < n % 10; i++) {
                        switch (i % 5) {
                            case 0 -> length(1).length(i);
                            case 1 -> length(2).length(1L << 40);
                            case 2 -> length(3).raw(new byte[4]);
                            case 3 -> length(4).raw(new byte[8]);
                            default -> length(5).string("module-data-" + i);
                        }
                    }
                    length(0);
                }
            }
            return this;
        }

        private void stream(String key, int type, int groups, Random random) {
            key(type, key);
            int listpacks = random.nextInt(4);
            length(listpacks);
            for (int i = 0; i < listpacks; i++) {
                raw(new byte[] {16}).raw(new byte[16]).string("listpack-" + "l".repeat(random.nextInt(500)));
            }
            length(random.nextInt(1000)).length(System.currentTimeMillis()).length(0);
            if (type >= 19) {
                length(1).length(0).length(0).length(0).length(random.nextInt(1000));
            }
            length(groups);
            for (int g = 0; g < groups; g++) {
                string("group-" + g).length(System.currentTimeMillis()).length(g);
                if (type >= 19) {
                    length(random.nextBoolean() ? -1L : g * 3L); // entries read; -1 (all 64 bits set): unknown
                }
                int pending = random.nextInt(5);
                length(pending);
                for (int p = 0; p < pending; p++) {
                    raw(new byte[16]).raw(new byte[8]).length(1 + p);
                }
                int consumers = random.nextInt(3);
                length(consumers);
                for (int c = 0; c < consumers; c++) {
                    string("consumer-" + c).raw(new byte[type >= 21 ? 16 : 8]);
                    int own = random.nextInt(3);
                    length(own);
                    for (int p = 0; p < own; p++) {
                        raw(new byte[16]);
                    }
                }
            }
        }

        Rdb string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            return length(b.length).raw(b);
        }

        /** An integer-encoded string: 8, 16 or 32 bits. */
        Rdb intString(int width) {
            return switch (width) {
                case 0 -> raw(new byte[] {(byte) 0xC0, 7});
                case 1 -> raw(new byte[] {(byte) 0xC1, 1, 2});
                default -> raw(new byte[] {(byte) 0xC2, 1, 2, 3, 4});
            };
        }

        /** An LZF string of {@code compressed} bytes (their content is never decompressed by the counter). */
        Rdb lzf(int compressed, int uncompressed) {
            raw(new byte[] {(byte) 0xC3});
            return length(compressed).length(uncompressed).raw(new byte[compressed]);
        }

        Rdb length(long n) {
            if (n >= 0 && n < 64) {
                return raw(new byte[] {(byte) n});
            }
            if (n >= 0 && n < 16_384) {
                return raw(new byte[] {(byte) (0x40 | (n >> 8)), (byte) n});
            }
            if (n >= 0 && n <= 0xFFFFFFFFL) {
                return raw(new byte[] {(byte) 0x80, (byte) (n >> 24), (byte) (n >> 16), (byte) (n >> 8), (byte) n});
            }
            raw(new byte[] {(byte) 0x81});
            for (int shift = 56; shift >= 0; shift -= 8) {
                raw(new byte[] {(byte) (n >> shift)});
            }
            return this;
        }

        Rdb type(int type) {
            return raw(new byte[] {(byte) type});
        }

        Rdb raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        byte[] endBytes() {
            type(255).raw(new byte[8]);
            return out.toByteArray();
        }

        InputStream end() {
            return new ByteArrayInputStream(endBytes());
        }
    }
}
