package com.aquastream.backup.backupctl;

import static com.aquastream.backup.backupctl.Cli.aCli;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.core.security.RestoreSignatures;
import com.aquastream.backup.events.RestoreCompleted;
import com.aquastream.backup.events.RestoreFailed;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRejected;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.events.RestoreVerified;
import com.aquastream.backup.events.TableCheck;
import com.aquastream.backup.events.EventCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestoreCommandTest {

    private static final String KEY = "postgres/aquastream/user_20250818.dump.gz";

    @Test
    void publishesACommandSignedWithTheConfiguredKey() {
        Cli cli = aCli();

        int exit = cli.run("restore", "user", KEY, "--no-wait");

        assertThat(exit).isEqualTo(Exit.OK);
        RestoreRequested command = published(cli);
        assertThat(signatures(Cli.SIGNING_KEY).verify(command)).isTrue();
        assertThat(command.key()).isEqualTo(KEY);
        assertThat(command.targetDatabase()).isEqualTo("aquastream");
        assertThat(command.mode()).isEqualTo(RestoreMode.RESTORE);
        assertThat(command.safetyBackup()).isTrue();
        assertThat(command.force()).isNull();
        assertThat(command.requestedBy()).isEqualTo("alice@ops1");
        assertThat(cli.bus.calls).containsExactly("publish restore.requested");
        assertThat(cli.out()).contains("restore " + command.restoreId() + " of aquastream.user")
                .contains("not waiting");
    }

    @Test
    void signsEveryOptionIntoTheCommand() {
        Cli cli = aCli();
        String sha = "AB".repeat(32);

        cli.run("restore", "payment", "latest", "--database", "shop", "--target", "shop_copy", "--verify",
                "--no-safety-backup", "--force", "--sha256", sha, "--as-of", "2025-08-18T02:00:00Z", "--no-wait");

        RestoreRequested command = published(cli);
        assertThat(command.key()).isNull();
        assertThat(command.database()).isEqualTo("shop");
        assertThat(command.targetDatabase()).isEqualTo("shop_copy");
        assertThat(command.mode()).isEqualTo(RestoreMode.VERIFY);
        assertThat(command.safetyBackup()).isFalse();
        assertThat(command.force()).isTrue();
        assertThat(command.sha256()).isEqualTo("ab".repeat(32));
        assertThat(command.asOf()).isEqualTo(Instant.parse("2025-08-18T02:00:00Z"));
        assertThat(signatures(Cli.SIGNING_KEY).verify(command)).isTrue();
        assertThat(signatures(Cli.SIGNING_KEY).verify(command.withSha256("cd".repeat(32)))).isFalse();
    }

    @Test
    void readsTheSigningKeyFromTheCheckoutWhenTheEnvironmentHasNone(@TempDir Path root) throws Exception {
        Cli cli = aCli();
        cli.environment.remove("RESTORE_SIGNING_KEY");
        String fileKey = "another-signing-key-read-from-the-run-dir";
        Files.createDirectories(root.resolve(".run"));
        Files.writeString(root.resolve(".run/restore-signing-key"), fileKey + "\n", UTF_8);
        cli.repositoryRoot = root;

        int exit = cli.run("restore", "user", KEY, "--no-wait");

        assertThat(exit).isEqualTo(Exit.OK);
        assertThat(signatures(fileKey).verify(published(cli))).isTrue();
    }

    @Test
    void refusesToRunWithoutASigningKey() {
        Cli cli = aCli();
        cli.environment.remove("RESTORE_SIGNING_KEY");

        int exit = cli.run("restore", "user", KEY);

        assertThat(exit).isEqualTo(Exit.USAGE);
        assertThat(cli.err()).contains("no restore signing key");
        assertThat(cli.bus.calls).isEmpty();
    }

    @Test
    void refusesASigningKeyShorterThan32Bytes() {
        Cli cli = aCli();
        cli.environment.put("RESTORE_SIGNING_KEY", "short");

        int exit = cli.run("restore", "user", KEY);

        assertThat(exit).isEqualTo(Exit.USAGE);
        assertThat(cli.err()).contains("at least 32 bytes");
    }

    @Test
    void takesNoSigningKeyOnTheCommandLine() {
        Cli cli = aCli();

        int exit = cli.run("restore", "user", KEY, "--signing-key", Cli.SIGNING_KEY);

        assertThat(exit).isEqualTo(Exit.USAGE);
        assertThat(cli.bus.calls).isEmpty();
    }

    @Test
    void refusesInvalidArgumentsBeforeTouchingTheBus() {
        assertUsageError("restore", "user");
        assertUsageError("restore", "User", KEY);
        assertUsageError("restore", "user", "../etc/passwd;x");
        assertUsageError("restore", "user", KEY, "--target", "Other-DB");
        assertUsageError("restore", "user", KEY, "--sha256", "abc");
        assertUsageError("restore", "user", KEY, "--as-of", "2025-08-18T02:00:00Z");
        assertUsageError("restore", "user", "latest", "--as-of", "yesterday");
        assertUsageError("restore", "user", "latest", "--backup-id", "not-a-uuid");
        assertUsageError("restore", "user", KEY, "--timeout", "0");
    }

    @Test
    void listensForTheAnswerBeforePublishingTheCommand() {
        Cli cli = aCli();
        cli.bus.answerer = restoreId -> completed(restoreId);

        cli.run("restore", "user", KEY, "--timeout", "30");

        assertThat(cli.bus.calls).containsExactly("listen", "publish restore.requested", "await 30 s",
                "stop listening");
    }

    @Test
    void exitsZeroAndPrintsTheChecksWhenTheRestoreCompleted() {
        Cli cli = aCli();
        cli.bus.answerer = restoreId -> completed(restoreId);

        int exit = cli.run("restore", "user", KEY);

        assertThat(exit).isEqualTo(Exit.OK);
        assertThat(cli.out())
                .contains(": COMPLETED from " + KEY + " in 12.5 s; 2 tables checked, all rows as recorded");
    }

    @Test
    void exitsZeroWhenTheRestoreTestVerified() {
        Cli cli = aCli();
        cli.bus.answerer = restoreId -> new RestoreVerified(UUID.randomUUID(), Cli.NOW, "aquastream", "user",
                restoreId, UUID.randomUUID(), KEY, "ab".repeat(32), 500, List.of(new TableCheck("user.t", 1, 1)));

        int exit = cli.run("restore", "user", KEY, "--verify");

        assertThat(exit).isEqualTo(Exit.OK);
        assertThat(cli.out()).contains(": VERIFIED");
    }

    @Test
    void exitsTwoWhenTheRestoreFailed() {
        Cli cli = aCli();
        cli.bus.answerer = restoreId -> new RestoreFailed(UUID.randomUUID(), Cli.NOW, "aquastream", "user", restoreId,
                "pg_restore exited 1");

        int exit = cli.run("restore", "user", KEY);

        assertThat(exit).isEqualTo(Exit.RESTORE_FAILED);
        assertThat(cli.out()).contains(": FAILED: pg_restore exited 1");
    }

    @Test
    void exitsThreeWhenTheRestoreWasRejected() {
        Cli cli = aCli();
        cli.bus.answerer = restoreId -> new RestoreRejected(UUID.randomUUID(), Cli.NOW, "aquastream", "user",
                restoreId, "bad signature", null, KEY, RestoreRejected.INVALID_COMMAND);

        int exit = cli.run("restore", "user", KEY);

        assertThat(exit).isEqualTo(Exit.RESTORE_REJECTED);
        assertThat(cli.out()).contains(": REJECTED [INVALID_COMMAND]: bad signature");
    }

    @Test
    void exitsFourWhenNoAnswerCameInTime() {
        Cli cli = aCli();
        cli.environment.put("RESTORE_WAIT_SECONDS", "5");

        int exit = cli.run("restore", "user", KEY);

        assertThat(exit).isEqualTo(Exit.TIMEOUT);
        assertThat(cli.bus.calls).contains("await 5 s");
        assertThat(cli.out()).contains("no answer within 5 s");
    }

    @Test
    void printsTheAnswerAsJsonWhenAsked() {
        Cli cli = aCli();
        cli.bus.answerer = restoreId -> completed(restoreId);

        cli.run("restore", "user", KEY, "--json");

        var doc = Json.read(cli.out());
        assertThat(doc.path("outcome").asString()).isEqualTo("COMPLETED");
        assertThat(doc.path("topic").asString()).isEqualTo("restore.completed");
        assertThat(doc.path("restoreId").asString()).isEqualTo(published(cli).restoreId().toString());
        assertThat(doc.path("event").path("checks").size()).isEqualTo(2);
    }

    @Test
    void printsEachStepTheRestoreWorkerReportsWhileItWaits() {
        Cli cli = aCli();
        cli.bus.answerer = restoreId -> {
            cli.running.add(new RestoreWorker.RunningRestore(restoreId, "RESTORE", "aquastream.user", "aquastream",
                    "RESTORING", 40, 201L << 20));
            await().atMost(Duration.ofSeconds(10)).until(() -> cli.out().contains(": RESTORING"));
            return completed(restoreId);
        };

        int exit = cli.run("restore", "user", KEY);

        assertThat(exit).isEqualTo(Exit.OK);
        assertThat(cli.out()).contains(": RESTORING (running 40 s, archive 201 MB verified)\n");
    }

    @Test
    void printsTheAnswerEventItselfWithShowEventAndEndsWithTheVerdict() {
        Cli cli = aCli();
        cli.bus.answerer = restoreId -> completed(restoreId);

        cli.run("restore", "user", KEY, "--show-event");

        assertThat(cli.out()).contains("\"checks\":[{").endsWith(": done\n");
    }

    @Test
    void printsTheSignedCommandAndSendsNothingWithPrint() {
        Cli cli = aCli();

        int exit = cli.run("restore", "user", KEY, "--target", "other", "--print");

        assertThat(exit).isEqualTo(Exit.OK);
        RestoreRequested command = new EventCodec().decode(cli.out().getBytes(UTF_8), RestoreRequested.class);
        assertThat(signatures(Cli.SIGNING_KEY).verify(command)).isTrue();
        assertThat(command.targetDatabase()).isEqualTo("other");
        assertThat(cli.bus.calls).isEmpty();
    }

    @Test
    void waitsForKafkaAsLongAsKafkaTimeoutSays() {
        Cli fromOption = aCli();
        Cli fromEnvironment = aCli();
        fromEnvironment.environment.put("KAFKA_TIMEOUT_SECONDS", "7");
        Cli byDefault = aCli();

        fromOption.run("restore", "user", KEY, "--no-wait", "--kafka-timeout", "3");
        fromEnvironment.run("restore", "user", KEY, "--no-wait");
        byDefault.run("restore", "user", KEY, "--no-wait");

        assertThat(fromOption.kafkaTimeout).isEqualTo(Duration.ofSeconds(3));
        assertThat(fromEnvironment.kafkaTimeout).isEqualTo(Duration.ofSeconds(7));
        assertThat(byDefault.kafkaTimeout).isEqualTo(Duration.ofSeconds(15));
        assertThat(aCli().run("restore", "user", KEY, "--kafka-timeout", "0")).isEqualTo(Exit.USAGE);
    }

    private static void assertUsageError(String... args) {
        Cli cli = aCli();

        int exit = cli.run(args);

        assertThat(exit).as(String.join(" ", args)).isEqualTo(Exit.USAGE);
        assertThat(cli.bus.calls).as(String.join(" ", args)).isEmpty();
    }

    private static RestoreCompleted completed(UUID restoreId) {
        return new RestoreCompleted(UUID.randomUUID(), Cli.NOW, "aquastream", "user", restoreId, UUID.randomUUID(),
                KEY, "ab".repeat(32), 12_500, List.of(new TableCheck("user.accounts", 10, 10),
                new TableCheck("user.sessions", 3, 3)));
    }

    private static RestoreRequested published(Cli cli) {
        assertThat(cli.bus.published).hasSize(1);
        return (RestoreRequested) cli.bus.published.get(0);
    }

    private static RestoreSignatures signatures(String key) {
        return new RestoreSignatures(key.getBytes(UTF_8));
    }
}
