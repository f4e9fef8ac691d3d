package com.aquastream.backup.backupctl;

import static com.aquastream.backup.backupctl.Cli.aCli;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.core.security.RestoreSignatures;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.RestoreFailed;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.events.RestoreVerified;
import com.aquastream.backup.events.TableCheck;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class VerifyCommandTest {

    private static final String KEY = "postgres/aquastream/user_20250818.dump.gz";

    @Test
    void publishesASignedVerifyCommandWithoutASafetyBackup() {
        Cli cli = aCli();

        int exit = cli.run("verify", "user", KEY, "--no-wait");

        assertThat(exit).isEqualTo(Exit.OK);
        RestoreRequested command = (RestoreRequested) cli.bus.published.get(0);
        assertThat(command.mode()).isEqualTo(RestoreMode.VERIFY);
        assertThat(command.safetyBackup()).isFalse();
        assertThat(command.key()).isEqualTo(KEY);
        assertThat(command.targetDatabase()).isEqualTo("aquastream");
        assertThat(new RestoreSignatures(Cli.SIGNING_KEY.getBytes(UTF_8)).verify(command)).isTrue();
    }

    @Test
    void exitsZeroWhenVerifiedAndTwoWhenTheTestFailed() {
        Cli verified = aCli();
        verified.bus.answerer = id -> new RestoreVerified(UUID.randomUUID(), Cli.NOW, "aquastream", "user", id,
                UUID.randomUUID(), KEY, "ab".repeat(32), 800, List.of(new TableCheck("user.accounts", 3, 3)));
        Cli failed = aCli();
        failed.bus.answerer = id -> new RestoreFailed(UUID.randomUUID(), Cli.NOW, "aquastream", "user", id,
                "user.accounts: expected 3 rows, found 2");

        assertThat(verified.run("verify", "user", "latest")).isEqualTo(Exit.OK);
        assertThat(failed.run("verify", "user", "latest")).isEqualTo(Exit.RESTORE_FAILED);
        assertThat(verified.out()).contains(": VERIFIED from " + KEY, "1 table checked, all rows as recorded",
                ": done");
        assertThat(failed.out()).contains(": FAILED: user.accounts: expected 3 rows", ": NOT done");
    }

    @Test
    void takesNoOptionThatWouldReplaceAnything() {
        for (String option : List.of("--verify", "--force", "--no-safety-backup", "--target=other")) {
            Cli cli = aCli();

            assertThat(cli.run("verify", "user", KEY, option)).as(option).isEqualTo(Exit.USAGE);
            assertThat(cli.bus.calls).isEmpty();
        }
    }

    @Test
    void printsTheSignedCommandWithoutSendingItWithPrint() {
        Cli cli = aCli();

        int exit = cli.run("verify", "user", "latest", "--as-of", "2025-08-18T02:00Z", "--print");

        assertThat(exit).isEqualTo(Exit.OK);
        RestoreRequested command = new EventCodec().decode(cli.out().getBytes(UTF_8), RestoreRequested.class);
        assertThat(command.mode()).isEqualTo(RestoreMode.VERIFY);
        assertThat(command.asOf()).hasToString("2025-08-18T02:00:00Z");
        assertThat(new RestoreSignatures(Cli.SIGNING_KEY.getBytes(UTF_8)).verify(command)).isTrue();
        assertThat(cli.bus.calls).isEmpty();
    }
}
