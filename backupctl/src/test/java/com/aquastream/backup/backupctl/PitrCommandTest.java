package com.aquastream.backup.backupctl;

import static com.aquastream.backup.backupctl.Cli.aCli;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.core.security.RestoreSignatures;
import com.aquastream.backup.events.RestoreCompleted;
import com.aquastream.backup.events.RestoreFailed;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRejected;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.events.TableCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PitrCommandTest {

    @Test
    void publishesASignedPointInTimeRecoveryOfASchemaNamingNoArchive() {
        Cli cli = aCli();

        int exit = cli.run("pitr", "--schema", "user", "--to", "2025-08-18T09:13:00Z", "--no-wait");

        assertThat(exit).as(cli.err()).isEqualTo(Exit.OK);
        RestoreRequested command = published(cli);
        assertThat(new RestoreSignatures(Cli.SIGNING_KEY.getBytes(UTF_8)).verify(command)).isTrue();
        assertThat(command.mode()).isEqualTo(RestoreMode.PITR);
        assertThat(command.database()).isEqualTo("aquastream");
        assertThat(command.schema()).isEqualTo("user");
        assertThat(command.asOf()).isEqualTo(Instant.parse("2025-08-18T09:13:00Z"));
        assertThat(command.key()).isNull();
        assertThat(command.backupId()).isNull();
        assertThat(command.sha256()).isNull();
        assertThat(command.safetyBackupOrDefault()).isTrue();
        assertThat(command.requestedBy()).isEqualTo("alice@ops1");
        assertThat(cli.out()).contains("point-in-time recovery " + command.restoreId() + " of aquastream.user to"
                + " 2025-08-18T09:13:00Z requested");
    }

    @Test
    void takesTheMomentRelativeToNowOrWithAnOffset() {
        Cli minutes = aCli();
        Cli hours = aCli();
        Cli offset = aCli();

        minutes.run("pitr", "--schema", "user", "--to", "-5m", "--no-wait");
        hours.run("pitr", "--schema", "user", "--to", "-1h", "--no-wait");
        offset.run("pitr", "--schema", "user", "--to", "2025-08-18T11:13:00+02:00", "--no-wait");

        assertThat(published(minutes).asOf()).isEqualTo(Cli.NOW.minus(Duration.ofMinutes(5)));
        assertThat(published(hours).asOf()).isEqualTo(Cli.NOW.minus(Duration.ofHours(1)));
        assertThat(published(offset).asOf()).isEqualTo(Instant.parse("2025-08-18T09:13:00Z"));
    }

    @Test
    void recoversAWholeClusterUnderSchemaPgCluster() {
        Cli cli = aCli();

        cli.run("pitr", "--cluster", "main", "--to", "-10m", "--no-wait");

        RestoreRequested command = published(cli);
        assertThat(command.database()).isEqualTo("main");
        assertThat(command.schema()).isEqualTo("pg_cluster");
        assertThat(command.targetDatabase()).isNull();
        assertThat(command.messageKey()).isEqualTo("main.pg_cluster");
    }

    @Test
    void refusesAMissingOrUnreadableMomentAndAClusterWithATarget() {
        Cli noTime = aCli();
        Cli badTime = aCli();
        Cli both = aCli();
        Cli clusterTarget = aCli();

        assertThat(noTime.run("pitr", "--schema", "user")).isEqualTo(Exit.USAGE);
        assertThat(badTime.run("pitr", "--schema", "user", "--to", "yesterday")).isEqualTo(Exit.USAGE);
        assertThat(both.run("pitr", "--schema", "user", "--cluster", "main", "--to", "-5m")).isEqualTo(Exit.USAGE);
        assertThat(clusterTarget.run("pitr", "--cluster", "main", "--target", "x", "--to", "-5m"))
                .isEqualTo(Exit.USAGE);
        assertThat(badTime.err()).contains("-5m");
        assertThat(noTime.bus.published).isEmpty();
        assertThat(badTime.bus.published).isEmpty();
        assertThat(both.bus.published).isEmpty();
        assertThat(clusterTarget.bus.published).isEmpty();
    }

    @Test
    void printsWhatTheRecoveryReachedAndExitsZero() {
        Cli cli = aCli();
        Instant recoveredTo = Instant.parse("2025-08-18T09:12:59.804113Z");
        cli.bus.answerer = restoreId -> new RestoreCompleted(UUID.randomUUID(), Cli.NOW, "aquastream", "user",
                restoreId, null, null, null, 61000, List.of(new TableCheck("user.users", 3, 3)), null, recoveredTo,
                false, null, null);

        int exit = cli.run("pitr", "--schema", "user", "--to", "2025-08-18T09:13:00Z");

        assertThat(exit).isEqualTo(Exit.OK);
        assertThat(cli.out()).contains(": COMPLETED point-in-time recovery in 61.0 s",
                "  recovered to: 2025-08-18T09:12:59.804113Z", "  end of archive: false", ": done");
    }

    @Test
    void printsTheDataDirectoryAndNextStepsOfAClusterAsJson() {
        Cli cli = aCli();
        cli.bus.answerer = restoreId -> new RestoreCompleted(UUID.randomUUID(), Cli.NOW, "main", "pg_cluster",
                restoreId, null, null, null, 61000, List.of(), null, null, true, "/var/tmp/pitr-1/data",
                "start it with pg_ctl");
        Cli text = aCli();
        text.bus.answerer = cli.bus.answerer;

        int exit = cli.run("pitr", "--cluster", "main", "--to", "-5m", "--json");
        text.run("pitr", "--cluster", "main", "--to", "-5m");

        assertThat(exit).isEqualTo(Exit.OK);
        var doc = Json.read(cli.out());
        assertThat(doc.path("outcome").asString()).isEqualTo("COMPLETED");
        assertThat(doc.path("event").path("dataDirectory").asString()).isEqualTo("/var/tmp/pitr-1/data");
        assertThat(doc.path("event").path("nextSteps").asString()).isEqualTo("start it with pg_ctl");
        assertThat(doc.path("event").path("endOfArchive").asBoolean()).isTrue();
        assertThat(text.out()).contains("  recovered to: no transaction replayed", "  end of archive: true (",
                "  data directory: /var/tmp/pitr-1/data", "  next steps: start it with pg_ctl");
    }

    @Test
    void exitsThreeWhenTheArchiveCannotReachTheMomentAndTwoOnAMissingSegment() {
        Cli rejected = aCli();
        rejected.bus.answerer = restoreId -> new RestoreRejected(UUID.randomUUID(), Cli.NOW, "aquastream", "user",
                restoreId, "no base backup before 2025-08-01T00:00:00Z", null, null, "ARCHIVE_UNAVAILABLE");
        Cli failed = aCli();
        failed.bus.answerer = restoreId -> new RestoreFailed(UUID.randomUUID(), Cli.NOW, "aquastream", "user",
                restoreId, "WAL segment 000000010000000000000007 is missing");

        int refused = rejected.run("pitr", "--schema", "user", "--to", "2025-08-01T00:00:00Z");
        int broken = failed.run("pitr", "--schema", "user", "--to", "-5m");

        assertThat(refused).isEqualTo(Exit.RESTORE_REJECTED);
        assertThat(rejected.out()).contains("REJECTED [ARCHIVE_UNAVAILABLE]: no base backup before");
        assertThat(broken).isEqualTo(Exit.RESTORE_FAILED);
        assertThat(failed.out()).contains("FAILED: WAL segment 000000010000000000000007 is missing");
    }

    private static RestoreRequested published(Cli cli) {
        assertThat(cli.bus.published).as(cli.err()).hasSize(1);
        return (RestoreRequested) cli.bus.published.get(0);
    }
}
