package com.aquastream.backup.restore.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scratch directory's life cycle on the real file system, with a second worker as a real second process (OS file
 * locks are per process): a dead worker's leftovers go, a live one's stay.
 */
class WorkAreaTest {

    private static final String DIR_MARK = "work-area: ";

    @TempDir
    Path root;

    @Test
    void claimsALockedDirectoryOfItsOwnAndDeletesItOnClose() throws IOException {
        Path dir;
        try (WorkArea area = WorkArea.claim(root)) {
            dir = area.dir();
            assertThat(dir.getParent()).isEqualTo(root);
            assertThat(dir.getFileName().toString()).startsWith(WorkArea.PREFIX);
            Files.write(dir.resolve("restore-1.archive"), new byte[1024]);
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void deletesWhatAWorkerThatDiedLeftBehind() throws Exception {
        Process other = aWorkerInAnotherProcess();
        Path othersDir = Path.of(announcedDir(other));
        Files.write(othersDir.resolve("restore-2.archive.custom"), new byte[1 << 20]);
        other.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // killed: it cleans nothing up

        try (WorkArea area = WorkArea.claim(root)) {
            assertThat(othersDir).doesNotExist();
            assertThat(area.dir()).isDirectory();
        }
    }

    @Test
    void leavesARunningWorkersDirectoryAlone() throws Exception {
        Process other = aWorkerInAnotherProcess();
        try {
            Path othersDir = Path.of(announcedDir(other));
            Files.write(othersDir.resolve("restore-3.archive"), new byte[1024]);

            try (WorkArea area = WorkArea.claim(root)) {
                assertThat(othersDir.resolve("restore-3.archive")).exists();
                assertThat(area.dir()).isNotEqualTo(othersDir);
            }
            assertThat(othersDir.resolve("restore-3.archive")).exists();
        } finally {
            other.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void twoWorkersInOneProcessDoNotSweepEachOther() throws IOException {
        try (WorkArea first = WorkArea.claim(root); WorkArea second = WorkArea.claim(root)) {
            assertThat(first.dir()).isDirectory();
            assertThat(second.dir()).isDirectory();
            assertThat(WorkArea.sweep(root)).isEmpty();
        }
    }

    @Test
    void leavesOtherFilesInTheWorkDirectoryAlone() throws IOException {
        Path unrelated = Files.writeString(root.resolve("notes.txt"), "the operator's");
        Path lookalike = Files.writeString(root.resolve(WorkArea.PREFIX + "file"), "not a directory");
        try (WorkArea ignored = WorkArea.claim(root)) {
            assertThat(unrelated).exists();
            assertThat(lookalike).exists();
        }
    }

    private Process aWorkerInAnotherProcess() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                HoldsAWorkArea.class.getName(), root.toString()).redirectErrorStream(true).start();
    }

    /** The directory the other process announced (log lines before it are skipped). */
    private static String announcedDir(Process p) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.startsWith(DIR_MARK)) {
                return line.substring(DIR_MARK.length()).strip();
            }
        }
        throw new AssertionError("the other process ended without naming its work directory");
    }

    /** The other worker: claims a work area, prints its directory and holds it until killed. */
    public static final class HoldsAWorkArea {
        public static void main(String[] args) throws Exception {
            WorkArea area = WorkArea.claim(Path.of(args[0]));
            System.out.println(DIR_MARK + area.dir());
            System.out.flush();
            new java.util.concurrent.CountDownLatch(1).await(5, TimeUnit.MINUTES); // until the test kills it
        }
    }
}
