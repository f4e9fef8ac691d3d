import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.pipeline.ArchivePipeline;
import com.aquastream.backup.core.process.ScratchFiles;
import com.aquastream.backup.core.pitr.PointInTimeRecovery;
import com.aquastream.backup.core.pitr.RecoveredCluster;
import com.aquastream.backup.core.store.FilesystemObjectStore;
import com.aquastream.backup.core.wal.BaseBackupResult;
import com.aquastream.backup.core.wal.Lsn;
import com.aquastream.backup.core.wal.PgBaseBackup;
import com.aquastream.backup.core.wal.PgReceiveWal;
import com.aquastream.backup.core.wal.ServerPrograms;
import com.aquastream.backup.core.wal.ShippedSegment;
import com.aquastream.backup.core.wal.WalShipper;
import com.aquastream.backup.testsupport.TestCluster;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whole-cluster RTO: point-in-time recovery from the archive vs the logical restore-all of the same database, side by
 * side in one run (issue 17). A throw-away cluster (initdb) gets the benchmark's six-schema database (the same
 * generator as bench/common.sh), then its WAL is streamed by pg_receivewal and shipped like the wal-archiver does, a
 * base backup is stored, each schema is dumped the system's way (pg_dump -Fc, gzip outside), and a write load
 * produces WAL after the base backup. Then, ROUNDS times, interleaved:
 *   logical: createdb + for each schema `gunzip -c X.dump.gz | pg_restore -d NEW`, one after another (the manual's
 *            commands; bench/restore-bench.sh measures the restore-worker's own restore-all within a few per cent of
 *            them on this database);
 *   PITR:    backup-core's PointInTimeRecovery, the code the restore-worker runs for mode PITR of pg_cluster: fetch
 *            and check the base backup, extract, pg_verifybackup, replay the archived WAL to its end, promote.
 * Usage: bench/pitr-bench.sh [target-GB (default 1.6)] (ROUNDS, default 2; REPLAY_ROUNDS, default 0: that many
 * rewrites of the largest table after the base backup, for a replay-heavy archive).
 */
public class PitrBench {

    static final String[] SCHEMAS = {"user", "event", "crew", "payment", "notification", "media"};
    static final int[] SHARE = {40, 25, 15, 10, 6, 4};
    static TestCluster cluster;

    public static void main(String[] args) throws Exception {
        double gb = args.length > 0 ? Double.parseDouble(args[0]) : 1.6;
        int rounds = Integer.parseInt(System.getenv().getOrDefault("ROUNDS", "2"));
        Path repo = Path.of(System.getProperty("user.dir"));
        Path work = repo.resolve("bench/work/pitr");
        ScratchFiles.deleteTree(work);
        Files.createDirectories(work, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx--x--x")));
        List<String> report = new ArrayList<>();
        cluster = TestCluster.start(16);
        try {
            run(gb, rounds, work, report);
        } finally {
            cluster.close();
        }
        Path results = repo.resolve("bench/results/pitr-" + Instant.now().toString().substring(0, 10) + ".md");
        Files.writeString(results, String.join("\n", report) + "\n\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.println("\nappended to " + results);
    }

    static void run(double gb, int rounds, Path work, List<String> report) throws Exception {
        long t = System.nanoTime();
        psql("postgres", "create database bench");
        long totalRows = (long) (gb * Math.pow(1024, 3) / 420);
        for (int i = 0; i < SCHEMAS.length; i++) {
            long rows = totalRows * SHARE[i] / 100;
            psql("bench", generator(SCHEMAS[i], rows));
        }
        psql("bench", "vacuum analyze");
        long dbBytes = Long.parseLong(psql("bench", "select pg_database_size('bench')").strip());
        log("generated %d MiB in %d s", dbBytes >> 20, secondsSince(t));

        FilesystemObjectStore store = new FilesystemObjectStore(work.resolve("store"));
        Path receive = work.resolve("receive");
        PgReceiveWal receiver = new PgReceiveWal(new PgReceiveWal.Settings(
                cluster.binDir().resolve("pg_receivewal").toString(), cluster.host(), cluster.port(),
                TestCluster.USER, null, "wal_archiver", receive, false, Duration.ofSeconds(1)));
        receiver.createSlot(Duration.ofSeconds(30));
        PgReceiveWal.Receiving receiving = receiver.start();
        WalShipper shipper = new WalShipper("bench", receive, cluster.walSegmentBytes(), store, new ArchivePipeline(),
                Compression.GZIP, -1, Clock.systemUTC());
        AtomicBoolean shipping = new AtomicBoolean(true);
        AtomicLong shippedStored = new AtomicLong();
        AtomicLong shippedSegments = new AtomicLong();
        Thread archiver = new Thread(() -> {
            while (shipping.get()) {
                try {
                    for (ShippedSegment s : shipper.shipCompleted()) {
                        shippedStored.addAndGet(s.sizeBytes());
                        shippedSegments.incrementAndGet();
                    }
                    Thread.sleep(1000);
                } catch (IOException e) {
                    System.err.println("shipping failed: " + e);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "archiver");
        archiver.start();
        try {
            t = System.nanoTime();
            BaseBackupResult base = new PgBaseBackup(cluster.binDir(), store, new ArchivePipeline(),
                    Compression.GZIP, -1, Clock.systemUTC()).take("bench",
                    new PgBaseBackup.Source(cluster.host(), cluster.port(), TestCluster.USER, null), UUID.randomUUID());
            long baseMillis = millisSince(t);
            log("base backup: %d MiB stored in %d ms", base.sizeBytes() >> 20, baseMillis);

            Path dumps = Files.createDirectories(work.resolve("dumps"));
            long dumpBytes = 0;
            t = System.nanoTime();
            for (String s : SCHEMAS) {
                Path file = dumps.resolve(s + ".dump.gz");
                shell("'" + cluster.binDir().resolve("pg_dump") + "' -h " + cluster.host() + " -p " + cluster.port()
                        + " -U postgres -d bench -Fc -Z0 -n '\"" + s + "\"' | gzip -6 > '" + file + "'");
                dumpBytes += Files.size(file);
            }
            log("logical dumps: %d MiB in %d ms", dumpBytes >> 20, millisSince(t));
            String dumped = counts("bench");

            long walBefore = shippedStored.get();
            long segmentsBefore = shippedSegments.get();
            t = System.nanoTime();
            psql("bench", "update \"user\".items set status = 'bench', amount = amount + 1 where id % 10 = 0");
            psql("bench", "insert into event.events select 100000000 + g, 1 + g % 1000, now(), 'bench'"
                    + " from generate_series(1, 200000) g");
            psql("bench", "delete from crew.events where id % 7 = 0");
            // REPLAY_ROUNDS > 0: a replay-heavy archive (each round rewrites every row of the largest table), to show
            // how the PITR's RTO grows with the WAL since the base backup while the logical restore's does not.
            int replayRounds = Integer.parseInt(System.getenv().getOrDefault("REPLAY_ROUNDS", "0"));
            for (int r = 0; r < replayRounds; r++) {
                psql("bench", "update \"user\".items set amount = amount + 1, status = 'round " + r + "'");
            }
            psql("postgres", "select pg_switch_wal()");
            Lsn end = Lsn.parse(cluster.currentLsn());
            while (shipper.furthestShipped().map(s -> s.endLsn().compareTo(end) < 0).orElse(true)) {
                Thread.sleep(200);
            }
            long walAfterBase = shippedStored.get() - walBefore;
            long segmentsAfterBase = shippedSegments.get() - segmentsBefore;
            log("write load after the base backup: %d segments (%d MiB of WAL, %d MiB stored) in %d ms",
                    segmentsAfterBase, segmentsAfterBase * (cluster.walSegmentBytes() >> 20), walAfterBase >> 20,
                    millisSince(t));
            String expected = counts("bench");
            // The archive ends here: the logical rounds below write into the same server, and that WAL must not
            // become part of what the PITR rounds replay.
            shipping.set(false);
            archiver.interrupt();
            archiver.join(10_000);
            receiving.close();

            ServerPrograms programs = new ServerPrograms(cluster.binDir(), ServerPrograms.defaultOsUser());
            PointInTimeRecovery recovery = new PointInTimeRecovery(store, programs, work.resolve("recoveries"));
            List<Long> logical = new ArrayList<>();
            List<Long> pitr = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                psql("postgres", "checkpoint");
                String target = "restored_" + round;
                t = System.nanoTime();
                psql("postgres", "create database " + target);
                for (String s : SCHEMAS) {
                    shell("gunzip -c '" + dumps.resolve(s + ".dump.gz") + "' | '"
                            + cluster.binDir().resolve("pg_restore") + "' -h " + cluster.host() + " -p "
                            + cluster.port() + " -U postgres -d " + target);
                }
                logical.add(millisSince(t));
                check("logical restore-all", dumped, counts(target));
                psql("postgres", "drop database " + target);
                log("round %d: logical restore-all %d ms", round, logical.get(logical.size() - 1));

                psql("postgres", "checkpoint");
                t = System.nanoTime();
                try (RecoveredCluster recovered = recovery.recover("bench", null,
                        new PointInTimeRecovery.Options("postgres", true, Duration.ofHours(2)))) {
                    pitr.add(millisSince(t));
                    check("PITR", expected, recovered.query("bench", countsSql()).strip());
                    log("round %d: PITR %d ms (%d WAL files fetched, last commit %s)", round,
                            pitr.get(pitr.size() - 1), recovered.segmentsFetched(), recovered.reachedAt());
                }
            }
            report.add("## " + Instant.now().toString().substring(0, 16) + "Z on " + machine());
            report.add("");
            report.add(String.format("Database `bench` in a throw-away cluster (initdb, 16 MiB segments): %d MiB over"
                    + " six schemas (bench/common.sh's generator). Base backup (pg_basebackup tar, gzip): %d MiB,"
                    + " taken in %d ms. Logical dumps (pg_dump -Fc -Z0, gzip -6): %d MiB. WAL after the base backup: %d"
                    + " segments (%d MiB stored). Store: filesystem. %d rounds, interleaved. Both results are checked"
                    + " (row counts of every table): the logical restore holds the dumps' state, the PITR the state"
                    + " after the write load, i.e. also a better recovery point.", dbBytes >> 20,
                    base.sizeBytes() >> 20, baseMillis, dumpBytes >> 20, segmentsAfterBase, walAfterBase >> 20,
                    rounds));
            report.add("");
            report.add("| whole-cluster RTO | each round | mean | vs logical |");
            report.add("|---|---|---|---|");
            double logicalMean = logical.stream().mapToLong(Long::longValue).average().orElseThrow();
            double pitrMean = pitr.stream().mapToLong(Long::longValue).average().orElseThrow();
            report.add(String.format("| logical restore-all: createdb + gunzip -c \\| pg_restore, six schemas | %s ms"
                    + " | %.0f ms | 1.00x |", join(logical), logicalMean));
            report.add(String.format("| PITR to the end of the archive: fetch + check + extract + pg_verifybackup +"
                    + " replay + promote (fsync on) | %s ms | %.0f ms | %.2fx |", join(pitr), pitrMean,
                    pitrMean / logicalMean));
            report.forEach(System.out::println);
        } finally {
            shipping.set(false);
            archiver.interrupt();
            archiver.join(10_000);
            receiving.close();
        }
    }

    /** Rows of every table of the six schemas, as one line. */
    static String countsSql() {
        List<String> parts = new ArrayList<>();
        for (String schema : SCHEMAS) {
            parts.add("(select count(*) from \"" + schema + "\".items)::text || '/' || (select count(*) from \""
                    + schema + "\".events)::text");
        }
        return "select concat_ws(',', " + String.join(", ", parts) + ")";
    }

    static String counts(String database) throws Exception {
        return psql(database, countsSql()).strip();
    }

    static void check(String what, String expected, String found) {
        if (!expected.equals(found)) {
            throw new IllegalStateException(what + " holds other rows: expected " + expected + ", found " + found);
        }
    }

    static String generator(String s, long rows) {
        return "CREATE SCHEMA \"" + s + "\";\n"
                + "CREATE TABLE \"" + s + "\".items (id bigint PRIMARY KEY, created_at timestamptz NOT NULL,"
                + " amount numeric(12,2), status text, title text, body text, attrs jsonb);\n"
                + "INSERT INTO \"" + s + "\".items SELECT g, timestamptz '2025-01-01' + g * interval '17 seconds',"
                + " (g % 100000) / 100.0, (array['new','paid','shipped','cancelled'])[1 + g % 4],"
                + " 'item ' || g || ' ' || substr(md5(g::text), 1, 12),"
                + " md5(g::text) || ' ' || md5((g * 7)::text) || ' lorem ipsum dolor sit amet ' || md5((g * 13)::text)"
                + " || ' ' || repeat(chr(97 + g % 26), 20) || ' ' || md5((g * 31)::text),"
                + " jsonb_build_object('k', g % 1000, 'tag', md5((g % 5000)::text), 'flag', g % 2 = 0)"
                + " FROM generate_series(1, " + rows + ") g;\n"
                + "CREATE TABLE \"" + s + "\".events (id bigint PRIMARY KEY, item_id bigint REFERENCES \"" + s
                + "\".items, at timestamptz, kind text);\n"
                + "INSERT INTO \"" + s + "\".events SELECT g, 1 + g % " + rows + ", now() - g * interval '1 minute',"
                + " 'k' || (g % 50) FROM generate_series(1, " + (rows / 4) + ") g;";
    }

    static String psql(String database, String sql) throws Exception {
        return run(List.of(cluster.binDir().resolve("psql").toString(), "-X", "-q", "-t", "-A", "-v",
                "ON_ERROR_STOP=1", "-h", cluster.host(), "-p", Integer.toString(cluster.port()), "-U", "postgres",
                "-d", database, "-c", sql));
    }

    static void shell(String command) throws Exception {
        run(List.of("bash", "-o", "pipefail", "-c", command));
    }

    static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command).substring(0, Math.min(200,
                    String.join(" ", command).length())) + " failed: " + out);
        }
        return out;
    }

    static String machine() throws IOException {
        String kernel = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        long memKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0L);
        return "vm (" + Runtime.getRuntime().availableProcessors() + " cores, " + (memKb >> 20) + " GiB, " + kernel
                + ")";
    }

    static String join(List<Long> values) {
        return String.join(" / ", values.stream().map(String::valueOf).toList());
    }

    static void log(String format, Object... args) {
        System.out.printf("[%s] %s%n", Instant.now().toString().substring(11, 19), String.format(format, args));
    }

    static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    static long secondsSince(long nanos) {
        return millisSince(nanos) / 1000;
    }
}
