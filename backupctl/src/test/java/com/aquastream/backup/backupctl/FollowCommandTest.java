package com.aquastream.backup.backupctl;

import static com.aquastream.backup.backupctl.Cli.aCli;
import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.RestoreCompleted;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.events.StoredObject;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.Trigger;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FollowCommandTest {

    private static final UUID RESTORE = UUID.fromString("11111111-1111-4111-8111-111111111111");
    private static final UUID REQUEST = UUID.fromString("22222222-2222-4222-8222-222222222222");

    @Test
    void printsOneLinePerEventAndABarForEachRunningJobThenStopsAfterMaxEvents() {
        Cli cli = aCli();
        cli.bus.toFollow.add(List.of(aBackupRequest("payment"), aRestoreRequest("payment")));
        cli.bus.toFollow.add(List.of(aBackupCompletion("payment"), aRestoreCompletion("payment")));

        int exit = cli.run("follow", "--max-events", "4");

        assertThat(exit).isEqualTo(Exit.OK);
        assertThat(cli.bus.calls.get(0)).isEqualTo("subscribe " + String.join(",", FollowCommand.TOPICS));
        assertThat(cli.out()).contains(
                "2025-08-18T10:15:30Z backup.requested  aquastream.payment requestId=" + REQUEST + " MANUAL [MANUAL]",
                "[..........]   0% aquastream.payment BACKUP REQUESTED",
                "restore.requested aquastream.payment restoreId=" + RESTORE + " RESTORE from latest into aquastream",
                "[..........]   0% aquastream.payment RESTORE REQUESTED",
                "backup.completed  aquastream.payment backupId=",
                "postgres/aquastream/payment_20250818.dump.gz (1.5 MiB) in 40.0 s",
                "[##########] 100% aquastream.payment BACKUP COMPLETED (1.5 MiB)",
                "restore.completed aquastream.payment restore " + RESTORE + ": COMPLETED from",
                "[##########] 100% aquastream.payment RESTORE COMPLETED");
        assertThat(cli.bus.calls).endsWith("unsubscribe");
        assertThat(cli.bus.closed).isTrue();
    }

    @Test
    void drawsTheRestoreStepsTheWorkerReports() {
        Cli cli = aCli();
        cli.bus.toFollow.add(List.of(aRestoreRequest("payment")));
        cli.running.add(new RestoreWorker.RunningRestore(RESTORE, "RESTORE", "aquastream.payment", "aquastream",
                "RESTORING", 40, 3 << 20));

        int exit = cli.run("follow", "--timeout", "1");

        assertThat(exit).isEqualTo(Exit.OK);
        assertThat(cli.out()).contains("[######....]  66% aquastream.payment RESTORE RESTORING (running 40 s)");
        assertThat(cli.out().split("RESTORING", -1)).hasSize(2); // printed when the step changes, not every look
    }

    @Test
    void showsOnlyTheSchemaAskedFor() {
        Cli cli = aCli();
        cli.bus.toFollow.add(List.of(aBackupRequest("user"), aBackupRequest("payment")));
        cli.running.add(new RestoreWorker.RunningRestore(UUID.randomUUID(), "VERIFY", "aquastream.user",
                "aquastream", "DOWNLOADING", 3, 0));

        int exit = cli.run("follow", "--schema", "payment", "--max-events", "1", "--no-progress");

        assertThat(exit).isEqualTo(Exit.OK);
        assertThat(cli.out()).contains("aquastream.payment").doesNotContain("aquastream.user").doesNotContain("%");
    }

    @Test
    void exitsFourWhenTheTimeoutComesBeforeMaxEvents() {
        Cli cli = aCli();
        cli.bus.toFollow.add(List.of(aBackupRequest("user")));

        int exit = cli.run("follow", "--max-events", "2", "--timeout", "1", "--from-beginning");

        assertThat(exit).isEqualTo(Exit.TIMEOUT);
        assertThat(cli.bus.calls.get(0)).endsWith(" from the beginning");
    }

    @Test
    void printsJsonLinesWithJson() {
        Cli cli = aCli();
        cli.bus.toFollow.add(List.of(aBackupRequest("user")));

        cli.run("follow", "--max-events", "1", "--json");

        String[] lines = cli.out().split("\n");
        assertThat(Json.read(lines[0]).path("topic").asString()).isEqualTo("backup.requested");
        assertThat(Json.read(lines[0]).path("event").path("requestId").asString()).isEqualTo(REQUEST.toString());
        assertThat(Json.read(lines[1]).path("progress").path("percent").asInt()).isZero();
    }

    @Test
    void passesTheKafkaTimeoutToTheBus() {
        Cli cli = aCli();
        cli.bus.toFollow.add(List.of(aBackupRequest("user")));

        cli.run("follow", "--max-events", "1", "--kafka-timeout", "3");

        assertThat(cli.kafkaTimeout).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void countsRestoreStepsAsShareOfTheWay() {
        ProgressBoard board = new ProgressBoard();
        UUID verify = UUID.randomUUID();

        board.on(new RestoreRequested(UUID.randomUUID(), Cli.NOW, "db", "s", verify, null, null, "db",
                RestoreMode.VERIFY, false, "x", null));
        var step = board.on(new RestoreWorker.RunningRestore(verify, "VERIFY", "db.s", "db", "DOWNLOADING", 1, 0));

        assertThat(step).get().extracting(ProgressBoard.Job::percent).isEqualTo(50);
        assertThat(step.get().bar()).isEqualTo("[#####.....]  50% db.s VERIFY DOWNLOADING (running 1 s)");
    }

    private static BackupRequested aBackupRequest(String schema) {
        return new BackupRequested(UUID.randomUUID(), Cli.NOW.truncatedTo(ChronoUnit.SECONDS), "aquastream", schema,
                REQUEST, List.of(Tier.MANUAL), Trigger.MANUAL, "alice", Cli.NOW);
    }

    private static BackupCompleted aBackupCompletion(String schema) {
        return new BackupCompleted(UUID.randomUUID(), Cli.NOW, "aquastream", schema, REQUEST, UUID.randomUUID(),
                List.of(Tier.MANUAL), List.of(new StoredObject(Tier.MANUAL,
                "postgres/aquastream/" + schema + "_20250818.dump.gz")), "filesystem", 1_572_864, "ab".repeat(32),
                "gzip", "custom", Cli.NOW.minusSeconds(40), Cli.NOW, "15", "15", Map.of("t", 1L));
    }

    private static RestoreRequested aRestoreRequest(String schema) {
        return new RestoreRequested(UUID.randomUUID(), Cli.NOW, "aquastream", schema, RESTORE, null, null,
                "aquastream", RestoreMode.RESTORE, true, "alice@ops1", "sig");
    }

    private static RestoreCompleted aRestoreCompletion(String schema) {
        return new RestoreCompleted(UUID.randomUUID(), Cli.NOW, "aquastream", schema, RESTORE, UUID.randomUUID(),
                "postgres/aquastream/" + schema + "_20250818.dump.gz", "ab".repeat(32), 2000, List.of());
    }
}
