package com.aquastream.backup.core.wal;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The tar pass-through keeps the wanted entries however the stream is chunked, and changes no byte. */
class TarEntryCaptureTest {

    private static Path directory;
    private static byte[] tar;
    private static final String LABEL = "START WAL LOCATION: 0/2000028 (file 000000010000000000000002)\n"
            + "START TIMELINE: 1\n";
    private static final String MANIFEST = "{ \"PostgreSQL-Backup-Manifest-Version\": 1,\n\"WAL-Ranges\": [\n"
            + "{ \"Timeline\": 1, \"Start-LSN\": \"0/2000028\", \"End-LSN\": \"0/2000100\" }\n] }\n";

    @BeforeContainer
    static void writeATarLikePgBasebackups() throws Exception {
        directory = Files.createTempDirectory("tar-capture-");
        Files.writeString(directory.resolve("backup_label"), LABEL);
        byte[] incompressible = new byte[300_001];
        new Random(7).nextBytes(incompressible);
        Files.createDirectories(directory.resolve("base/1"));
        Files.write(directory.resolve("base/1/16384"), incompressible);
        Files.write(directory.resolve("PG_VERSION"), "15\n".getBytes(StandardCharsets.US_ASCII));
        Files.createDirectories(directory.resolve("nested"));
        Files.writeString(directory.resolve("nested/backup_manifest"), "not the manifest: in a sub-directory");
        Files.writeString(directory.resolve("backup_manifest"), MANIFEST);
        Process process = new ProcessBuilder("tar", "--create", "--format=ustar", "--file=-", "--directory="
                + directory, "backup_label", "base", "PG_VERSION", "nested", "backup_manifest")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        tar = process.getInputStream().readAllBytes();
        assertThat(process.waitFor()).isZero();
    }

    @AfterContainer
    static void deleteFiles() throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Property(tries = 200)
    void capturesTheWantedEntriesWhateverTheChunking(@ForAll @IntRange(min = 1, max = 20_000) int chunk)
            throws IOException {
        TarEntryCapture capture = new TarEntryCapture(new ByteArrayInputStream(tar),
                Set.of("backup_label", "backup_manifest"), 1024 * 1024);
        ByteArrayOutputStream passed = new ByteArrayOutputStream();
        byte[] buffer = new byte[chunk];
        int n;
        while ((n = capture.read(buffer, 0, chunk)) >= 0) {
            passed.write(buffer, 0, n);
        }

        assertThat(passed.toByteArray()).isEqualTo(tar);
        assertThat(new String(capture.entry("backup_label").orElseThrow(), StandardCharsets.UTF_8)).isEqualTo(LABEL);
        assertThat(new String(capture.entry("backup_manifest").orElseThrow(), StandardCharsets.UTF_8))
                .isEqualTo(MANIFEST);
        assertThat(capture.entry("PG_VERSION")).isEmpty();
    }

    @Property(tries = 20)
    void anEntryOverTheLimitIsNotKept(@ForAll @IntRange(min = 1, max = 4096) int chunk) throws IOException {
        TarEntryCapture capture = new TarEntryCapture(new ByteArrayInputStream(tar), Set.of("backup_manifest"),
                MANIFEST.length() - 1);
        capture.transferTo(OutputStreamSink.INSTANCE);

        assertThat(capture.entry("backup_manifest")).isEmpty();
    }

    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
