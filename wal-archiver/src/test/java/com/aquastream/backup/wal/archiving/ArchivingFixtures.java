package com.aquastream.backup.wal.archiving;

import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.wal.Lsn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;

/** Fakes of the archiver's ports and the settings and WAL files its tests start from. */
final class ArchivingFixtures {

    static final long SEGMENT_BYTES = 1L << 20;

    private ArchivingFixtures() {
    }

    static ClusterSettings aCluster(Path directory) {
        return new ClusterSettings("main", "127.0.0.1", 5432, "postgres", "secret", "backup_wal_main", directory);
    }

    static WalSettings settingsOf(ClusterSettings cluster) {
        return new WalSettings(List.of(cluster), null, Duration.ofSeconds(2), Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(8), Compression.GZIP, 1);
    }

    /** A completed segment of random (non-zero) WAL in the receive directory. */
    static void givenCompletedSegment(Path directory, String name) throws IOException {
        byte[] bytes = new byte[(int) SEGMENT_BYTES];
        new Random(name.hashCode()).nextBytes(bytes);
        bytes[0] = 1;
        Files.write(directory.resolve(name), bytes);
    }

    /** The segment pg_receivewal is writing: {@code received} bytes of WAL, then the pre-allocated zeros. */
    static void givenPartialSegment(Path directory, String name, int received) throws IOException {
        byte[] bytes = new byte[(int) SEGMENT_BYTES];
        for (int i = 0; i < received; i++) {
            bytes[i] = (byte) (1 + i % 250);
        }
        Files.write(directory.resolve(name + ".partial"), bytes);
    }

    /** A clock the test moves. */
    static final class MovingClock extends Clock {
        private Instant now = Instant.parse("2026-12-07T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** A pg_receivewal the test can kill, or make fail to start. */
    static final class ScriptedReceiver implements Receiver {
        final List<FakeRunning> started = new ArrayList<>();
        int slotsCreated;
        boolean refuseToStart;

        @Override
        public void createSlot() throws IOException {
            if (refuseToStart) {
                throw new IOException("could not connect to server: Connection refused");
            }
            slotsCreated++;
        }

        @Override
        public Running start() throws IOException {
            if (refuseToStart) {
                throw new IOException("could not connect to server: Connection refused");
            }
            FakeRunning running = new FakeRunning();
            started.add(running);
            return running;
        }

        FakeRunning current() {
            return started.get(started.size() - 1);
        }
    }

    static final class FakeRunning implements Receiver.Running {
        boolean alive = true;
        int exit;
        boolean stoppedGracefully;

        void dies(int exitCode) {
            alive = false;
            exit = exitCode;
        }

        @Override
        public boolean isAlive() {
            return alive;
        }

        @Override
        public OptionalInt exitCode() {
            return alive ? OptionalInt.empty() : OptionalInt.of(exit);
        }

        @Override
        public String stderr() {
            return "pg_receivewal: starting log streaming\npg_receivewal: error: unexpected termination of"
                    + " replication stream";
        }

        @Override
        public int stop(Duration timeout) {
            alive = false;
            stoppedGracefully = true;
            return 0;
        }
    }

    /** A server whose position the test sets, or which is unreachable. */
    static final class FakeServer implements PgServer {
        Lsn lsn = Lsn.parse("0/1000000");
        boolean reachable = true;

        @Override
        public long walSegmentBytes() throws IOException {
            if (!reachable) {
                throw new IOException("server of cluster main at 127.0.0.1:5432 unreachable: Connection refused");
            }
            return SEGMENT_BYTES;
        }

        @Override
        public Lsn currentLsn() throws IOException {
            if (!reachable) {
                throw new IOException("server of cluster main at 127.0.0.1:5432 unreachable: Connection refused");
            }
            return lsn;
        }
    }
}
