package com.aquastream.backup.backupctl;

import static com.aquastream.backup.backupctl.Cli.aCli;
import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.events.BaseBackupCompleted;
import com.aquastream.backup.events.BaseBackupFailed;
import com.aquastream.backup.events.BaseBackupRequested;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.Trigger;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class BaseBackupCommandTest {

    @Test
    void publishesAManualBaseBackupRequestOfTheCluster() {
        Cli cli = aCli();

        int exit = cli.run("basebackup", "--cluster", "main", "--no-wait");

        assertThat(exit).isEqualTo(Exit.OK);
        BaseBackupRequested request = (BaseBackupRequested) cli.bus.published.get(0);
        assertThat(request.database()).isEqualTo("main");
        assertThat(request.schema()).isEqualTo("pg_cluster");
        assertThat(request.trigger()).isEqualTo(Trigger.MANUAL);
        assertThat(request.requestedBy()).isEqualTo("alice@ops1");
        assertThat(cli.bus.calls).containsExactly("publish basebackup.requested");
        assertThat(cli.out()).contains("base backup " + request.requestId() + " of cluster main requested");
    }

    @Test
    void listensBeforePublishingAndPrintsTheAnswerToItsOwnRequest() {
        Cli cli = aCli();
        givenAnswers(cli, request -> List.of(aCompletion(UUID.randomUUID()), aCompletion(request)));

        int exit = cli.run("basebackup", "--cluster", "main", "--timeout", "5");

        assertThat(exit).as(cli.err()).isEqualTo(Exit.OK);
        assertThat(cli.bus.calls).startsWith("subscribe basebackup.completed,basebackup.failed",
                "publish basebackup.requested");
        assertThat(cli.out()).contains(": COMPLETED basebackup/main/base.tar.gz (700.0 MiB, manifest verified)",
                "  timeline 1, WAL 0/5000028 .. 0/5000138", "  recoverable from: 2025-08-18T10:04:12Z", ": done");
    }

    @Test
    void exitsTwoWhenTheBaseBackupFailed() {
        Cli cli = aCli();
        givenAnswers(cli, request -> List.of(new BaseBackupFailed(UUID.randomUUID(), Cli.NOW, "main", "pg_cluster",
                request, 3, true, "pg_basebackup exited with status 1")));

        int exit = cli.run("basebackup", "--cluster", "main", "--json", "--timeout", "5");

        assertThat(exit).isEqualTo(Exit.RESTORE_FAILED);
        var doc = Json.read(cli.out());
        assertThat(doc.path("outcome").asString()).isEqualTo("FAILED");
        assertThat(doc.path("event").path("reason").asString()).contains("status 1");
    }

    @Test
    void exitsFourWithoutAnAnswerAndSixtyFourWithoutACluster() {
        Cli silent = aCli();
        Cli noCluster = aCli();

        int timeout = silent.run("basebackup", "--cluster", "main", "--timeout", "1");
        int usage = noCluster.run("basebackup");

        assertThat(timeout).isEqualTo(Exit.TIMEOUT);
        assertThat(silent.out()).contains("no answer within 1 s");
        assertThat(usage).isEqualTo(Exit.USAGE);
        assertThat(noCluster.bus.published).isEmpty();
    }

    /** The answers the wal-archiver gives once the request is out (the fake bus hands them to the next poll). */
    private static void givenAnswers(Cli cli, Function<UUID, List<? extends Event>> answers) {
        cli.bus.onPublish = event -> {
            if (event instanceof BaseBackupRequested request) {
                cli.bus.toFollow.add(List.copyOf(answers.apply(request.requestId())));
            }
        };
    }

    private static BaseBackupCompleted aCompletion(UUID requestId) {
        return new BaseBackupCompleted(UUID.randomUUID(), Cli.NOW, "main", "pg_cluster", requestId, UUID.randomUUID(),
                "basebackup/main/base.tar.gz", "filesystem", 700L * 1024 * 1024, "ab".repeat(32), "gzip",
                "pg_basebackup-tar", 1, "0/5000028", "0/5000138", Instant.parse("2025-08-18T10:00:00Z"),
                Instant.parse("2025-08-18T10:04:12Z"), "15.14", "pg_basebackup (PostgreSQL) 15.14", true);
    }
}
