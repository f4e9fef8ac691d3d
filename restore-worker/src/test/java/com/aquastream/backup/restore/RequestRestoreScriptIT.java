package com.aquastream.backup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.core.security.RestoreSignatures;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.testsupport.RepositoryRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The operator's bin/request-restore signs exactly as the restore-worker verifies (no drift between the two). */
class RequestRestoreScriptIT {

    private static final String KEY = "script-signing-key-0123456789abcdefghij";

    @Test
    void signsCommandsTheRestoreWorkerAccepts() throws Exception {
        RestoreRequested restore = runPrint("user", "postgres/app/user_20250818.dump.gz", "app");
        RestoreRequested verify = runPrint("--verify", "--no-safety-backup", "--target", "scratch", "event",
                "postgres/app/weekly_event_2025-33.dump.gz", "app");

        RestoreSignatures signatures = new RestoreSignatures(KEY.getBytes(StandardCharsets.UTF_8));
        assertThat(signatures.verify(restore)).isTrue();
        assertThat(restore.mode()).isEqualTo(RestoreMode.RESTORE);
        assertThat(restore.safetyBackupOrDefault()).isTrue();
        assertThat(signatures.verify(verify)).isTrue();
        assertThat(verify.mode()).isEqualTo(RestoreMode.VERIFY);
        assertThat(verify.targetDatabase()).isEqualTo("scratch");
        assertThat(verify.safetyBackupOrDefault()).isFalse();
        assertThat(new RestoreSignatures("another-key-another-key-another-key-1".getBytes(StandardCharsets.UTF_8))
                .verify(restore)).isFalse();
    }

    @Test
    void signsTheLaterFieldsTooWhenTheyAreSet() throws Exception {
        String batch = "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e";
        RestoreRequested latest = runPrint("--force", "--as-of", "2025-08-18T02:00Z", "--batch", batch,
                "--target", "recovered", "user", "latest", "app");
        RestoreRequested byId = runPrint("--backup-id", "8d2e4f61-0a3b-4c5d-9e7f-1a2b3c4d5e6f", "user", "latest",
                "app");

        RestoreSignatures signatures = new RestoreSignatures(KEY.getBytes(StandardCharsets.UTF_8));
        assertThat(signatures.verify(latest)).isTrue();
        assertThat(latest.key()).isNull();
        assertThat(latest.forceOrDefault()).isTrue();
        assertThat(latest.asOf()).isEqualTo(java.time.Instant.parse("2025-08-18T02:00:00Z"));
        assertThat(latest.batchId()).hasToString(batch);
        assertThat(signatures.verify(byId)).isTrue();
        assertThat(byId.backupId()).hasToString("8d2e4f61-0a3b-4c5d-9e7f-1a2b3c4d5e6f");
        assertThat(byId.forceOrDefault()).isFalse();
    }

    @Test
    void signsTheArchivesSha256InLowerCaseWhenGiven() throws Exception {
        RestoreRequested bound = runPrint("--sha256", "AB".repeat(32), "user", "postgres/app/user_20250818.dump.gz",
                "app");

        RestoreSignatures signatures = new RestoreSignatures(KEY.getBytes(StandardCharsets.UTF_8));
        assertThat(signatures.verify(bound)).isTrue();
        assertThat(bound.sha256()).isEqualTo("ab".repeat(32));
        assertThat(signatures.verify(bound.withSha256("cd".repeat(32)))).isFalse();
    }

    private static RestoreRequested runPrint(String... args) throws Exception {
        Path script = RepositoryRoot.containing("bin/request-restore").resolve("bin/request-restore");
        List<String> command = new ArrayList<>(List.of("bash", script.toString(), "--print"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("RESTORE_SIGNING_KEY", KEY);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        return new EventCodec().decode(out, RestoreRequested.class);
    }
}
