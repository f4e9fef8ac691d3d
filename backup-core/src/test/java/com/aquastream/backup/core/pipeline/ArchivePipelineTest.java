package com.aquastream.backup.core.pipeline;

import com.aquastream.backup.core.checksum.Sha256;
import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.store.FilesystemObjectStore;
import com.aquastream.backup.core.store.InMemoryObjectStore;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.core.store.Sidecars;
import com.aquastream.backup.core.store.UnsafeKeyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchivePipelineTest {

    private static final String DAILY = "postgres/app/user_20250817.dump.gz";
    private static final String WEEKLY = "postgres/app/weekly_user_2025-33.dump.gz";

    private final ArchivePipeline pipeline = new ArchivePipeline();

    @TempDir
    Path root;

    @Test
    void streamsA200MegabyteSourceThroughGzipIntoTheFilesystemStore() throws IOException {
        FilesystemObjectStore store = new FilesystemObjectStore(root);
        GeneratedSource source = new GeneratedSource(200L * 1024 * 1024);

        StoredArchive archive = pipeline.store(source, Compression.GZIP, 1, store, List.of(DAILY));

        Path file = root.resolve(DAILY);
        assertThat(archive.sizeBytes()).isEqualTo(Files.size(file));
        try (InputStream in = Files.newInputStream(file)) {
            assertThat(archive.sha256Hex()).isEqualTo(Sha256.of(in));
        }
        try (InputStream in = Compression.GZIP.decompress(Files.newInputStream(file))) {
            assertThat(Sha256.of(in)).isEqualTo(source.sha256Hex());
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void storesTheCompressedSourceWithASidecarUnderEveryKey(Compression compression) throws IOException {
        InMemoryObjectStore store = new InMemoryObjectStore();
        byte[] content = "a pg_dump archive\n".repeat(10_000).getBytes(StandardCharsets.UTF_8);

        StoredArchive archive = pipeline.store(new ByteArrayInputStream(content), compression, 0, store,
                List.of(DAILY, WEEKLY));

        assertThat(archive.keys()).containsExactly(DAILY, WEEKLY);
        for (String key : archive.keys()) {
            byte[] stored = store.bytes(key);
            assertThat(stored).hasSize((int) archive.sizeBytes());
            assertThat(Sha256.of(stored)).isEqualTo(archive.sha256Hex());
            assertThat(compression.decompress(new ByteArrayInputStream(stored)).readAllBytes()).isEqualTo(content);
            String sidecar = new String(store.bytes(key + ".sha256"), StandardCharsets.US_ASCII);
            assertThat(sidecar).isEqualTo(Sidecars.format(archive.sha256Hex(), key));
        }
        assertThat(store.list("")).containsExactly(DAILY, DAILY + ".sha256", WEEKLY, WEEKLY + ".sha256");
    }

    @Test
    void leavesNothingUnderAnyKeyWhenTheSourceFails() throws IOException {
        FilesystemObjectStore store = new FilesystemObjectStore(root);
        IOException dumpFailure = new IOException("pg_dump exited with code 1");
        InputStream source = new FailingSource(5L * 1024 * 1024, dumpFailure);

        assertThatThrownBy(() -> pipeline.store(source, Compression.GZIP, 0, store, List.of(DAILY, WEEKLY)))
                .isSameAs(dumpFailure);

        assertThat(store.list("")).isEmpty();
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void keepsAPreviousArchiveWhenARetryFails() throws IOException {
        InMemoryObjectStore store = new InMemoryObjectStore();
        pipeline.store(new ByteArrayInputStream(new byte[] {1, 2, 3}), Compression.GZIP, 0, store, List.of(DAILY));
        byte[] before = store.bytes(DAILY);

        assertThatThrownBy(() -> pipeline.store(new FailingSource(3 * 1024 * 1024, new IOException("boom")),
                Compression.ZSTD, 0, store, List.of(DAILY))).hasMessage("boom");

        assertThat(store.bytes(DAILY)).isEqualTo(before);
    }

    @Test
    void validatesEveryKeyBeforeWritingAnything() {
        InMemoryObjectStore store = new InMemoryObjectStore();

        assertThatThrownBy(() -> pipeline.store(new ByteArrayInputStream(new byte[10]), Compression.GZIP, 0, store,
                List.of(DAILY, "../escape"))).isInstanceOf(UnsafeKeyException.class);

        assertThat(store.list("")).isEmpty();
    }

    @Test
    void rejectsAnEmptyOrDuplicatedKeyList() {
        ObjectStore store = new InMemoryObjectStore();

        assertThatThrownBy(() -> pipeline.store(InputStream.nullInputStream(), Compression.GZIP, 0, store, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pipeline.store(InputStream.nullInputStream(), Compression.GZIP, 0, store,
                List.of(DAILY, DAILY))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void propagatesAStoreFailureAndStopsTheCompressor() {
        ObjectStore broken = new InMemoryObjectStore() {
            @Override
            public com.aquastream.backup.core.store.StoredObjectInfo put(String key, InputStream content)
                    throws IOException {
                content.readNBytes(1000);
                throw new IOException("S3 put failed: SlowDown");
            }
        };
        GeneratedSource endless = new GeneratedSource(Long.MAX_VALUE);

        assertThatThrownBy(() -> pipeline.store(endless, Compression.GZIP, 0, broken, List.of(DAILY)))
                .hasMessage("S3 put failed: SlowDown");
    }

    @Test
    void stagesAnArchiveWithoutTouchingItsFinalKeys() throws IOException {
        InMemoryObjectStore store = new InMemoryObjectStore();
        givenAnOlderObject(store, DAILY);

        try (StagedArchive staged = pipeline.stage(new GeneratedSource(100_000), Compression.GZIP, 0, store,
                "staging/r1/")) {

            assertThat(staged.stagingKey()).startsWith("staging/r1/");
            assertThat(store.bytes(staged.stagingKey())).hasSize((int) staged.sizeBytes());
            assertThat(store.bytes(DAILY)).isEqualTo(OLDER);
            assertThat(store.list("")).containsExactly(DAILY, DAILY + ".sha256");
        }
    }

    @Test
    void publishesTheStagedArchiveUnderEveryKeyWithSidecarsAndLeavesNothingStaged() throws IOException {
        InMemoryObjectStore store = new InMemoryObjectStore();
        givenAnOlderObject(store, DAILY);

        StoredArchive archive;
        try (StagedArchive staged = pipeline.stage(new GeneratedSource(100_000), Compression.GZIP, 0, store,
                "staging/r1/")) {
            archive = staged.publish(List.of(DAILY, WEEKLY));
        }

        assertThat(archive.keys()).containsExactly(DAILY, WEEKLY);
        assertThat(Sha256.of(store.bytes(DAILY))).isEqualTo(archive.sha256Hex());
        assertThat(store.bytes(WEEKLY)).isEqualTo(store.bytes(DAILY));
        assertThat(Sidecars.parseSha256(new String(store.bytes(DAILY + ".sha256"), StandardCharsets.US_ASCII)))
                .isEqualTo(archive.sha256Hex());
        assertThat(Sidecars.parseSha256(new String(store.bytes(WEEKLY + ".sha256"), StandardCharsets.US_ASCII)))
                .isEqualTo(archive.sha256Hex());
        assertThat(store.list("staging/")).isEmpty();
    }

    @Test
    void discardsAStagedArchiveThatIsNotPublishedAndLeavesTheOlderObjectUntouched() throws IOException {
        InMemoryObjectStore store = new InMemoryObjectStore();
        givenAnOlderObject(store, DAILY);

        try (StagedArchive staged = pipeline.stage(new GeneratedSource(100_000), Compression.GZIP, 0, store,
                "staging/r1/")) {
            assertThat(staged.sizeBytes()).isPositive(); // e.g. the row counts fail here: no publish
        }

        assertThat(store.bytes(DAILY)).isEqualTo(OLDER);
        assertThat(store.bytes(DAILY + ".sha256")).isEqualTo(OLDER_SIDECAR);
        assertThat(store.list("staging/")).isEmpty();
    }

    @Test
    void stagingClearsWhatAKilledEarlierAttemptLeftInTheArea() throws IOException {
        FilesystemObjectStore store = new FilesystemObjectStore(root);
        store.put("staging/r1/archive-of-a-killed-worker", new ByteArrayInputStream(new byte[] {1}));
        Files.writeString(root.resolve("staging/r1/.archive-x.1234.part"), "half");

        try (StagedArchive staged = pipeline.stage(new GeneratedSource(1000), Compression.GZIP, 0, store,
                "staging/r1/")) {

            assertThat(store.list("staging/r1/")).containsExactly(staged.stagingKey());
            try (Stream<Path> files = Files.list(root.resolve("staging/r1"))) {
                assertThat(files).hasSize(1);
            }
        }
    }

    @Test
    void aFailedStagingLeavesNothingInTheArea() throws IOException {
        FilesystemObjectStore store = new FilesystemObjectStore(root);
        IOException dumpFailure = new IOException("pg_dump exited with code 1");

        assertThatThrownBy(() -> pipeline.stage(new FailingSource(2L * 1024 * 1024, dumpFailure), Compression.GZIP,
                0, store, "staging/r1/")).isSameAs(dumpFailure);

        assertThat(root.resolve("staging/r1")).doesNotExist();
    }

    @Test
    void aPublicationThatFailsHalfwayTakesBackTheKeysItPublished() throws IOException {
        InMemoryObjectStore store = new InMemoryObjectStore() {
            @Override
            public void copy(String sourceKey, String targetKey) throws IOException {
                throw new IOException("S3 copy failed: InternalError");
            }
        };

        try (StagedArchive staged = pipeline.stage(new GeneratedSource(1000), Compression.GZIP, 0, store,
                "staging/r1/")) {
            assertThatThrownBy(() -> staged.publish(List.of(DAILY, WEEKLY)))
                    .hasMessage("S3 copy failed: InternalError");
        }

        assertThat(store.list("")).isEmpty();
        assertThat(store.list("staging/")).isEmpty();
    }

    @Test
    void refusesToStageOutsideTheStagingArea() {
        InMemoryObjectStore store = new InMemoryObjectStore();

        assertThatThrownBy(() -> pipeline.stage(InputStream.nullInputStream(), Compression.GZIP, 0, store,
                "postgres/app/")).isInstanceOf(UnsafeKeyException.class);
        assertThatThrownBy(() -> pipeline.stage(InputStream.nullInputStream(), Compression.GZIP, 0, store,
                "staging/")).isInstanceOf(UnsafeKeyException.class);
    }

    private static final byte[] OLDER = {9, 9, 9};
    private static final byte[] OLDER_SIDECAR = Sidecars.format(Sha256.of(OLDER), DAILY)
            .getBytes(StandardCharsets.US_ASCII);

    private static void givenAnOlderObject(InMemoryObjectStore store, String key) throws IOException {
        store.put(key, new ByteArrayInputStream(OLDER));
        store.put(key + ".sha256", new ByteArrayInputStream(OLDER_SIDECAR));
    }

    /** Deterministic, moderately compressible bytes of a given length, produced on the fly (no big array). */
    static final class GeneratedSource extends InputStream {

        private final long length;
        private final MessageDigest digest = Sha256.newDigest();
        private long position;
        private long state = 42;

        GeneratedSource(long length) {
            this.length = length;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= length) {
                return -1;
            }
            int n = (int) Math.min(len, length - position);
            for (int i = 0; i < n; i++) {
                state = state * 6364136223846793005L + 1442695040888963407L;
                // Few distinct values: compressible like a dump, yet not trivially so.
                b[off + i] = (byte) ('a' + ((state >>> 59) & 0x0f));
            }
            digest.update(b, off, n);
            position += n;
            return n;
        }

        String sha256Hex() {
            return Sha256.hex(digest.digest());
        }
    }

    /** Yields {@code length} bytes, then throws {@code failure} instead of EOF (like a dump that died). */
    static final class FailingSource extends InputStream {

        private final GeneratedSource bytes;
        private final IOException failure;

        FailingSource(long length, IOException failure) {
            this.bytes = new GeneratedSource(length);
            this.failure = failure;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = bytes.read(b, off, len);
            if (n == -1) {
                throw failure;
            }
            return n;
        }
    }
}
