package com.aquastream.backup.core.pg;

import com.aquastream.backup.core.naming.InvalidIdentifierException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Argument building and process handling, with shell scripts standing in for pg_dump. */
class PgDumpSchemaDumperTest {

    private static final PgConnection CONNECTION = new PgConnection("db.internal", 5433, "backup", "pw-never-shown");

    @TempDir
    Path dir;

    @Test
    void buildsTheArgumentListWithoutAShellOrThePassword() {
        PgDumpSchemaDumper dumper = new PgDumpSchemaDumper(CONNECTION, Duration.ofMinutes(5));

        assertThat(dumper.command("app", "user", "00000003-0000001B-1", 0)).containsExactly(
                "pg_dump", "-h", "db.internal", "-p", "5433", "-U", "backup", "-d", "app", "-Fc", "-Z", "0",
                "-n", "user", "--snapshot=00000003-0000001B-1", "--no-password");
        assertThat(dumper.command("app", "user", null, 6)).doesNotContain("--snapshot=null").contains("6")
                .noneMatch(arg -> arg.contains("pw-never-shown"));
    }

    @Test
    void rejectsHostileNamesBeforeStartingAnything() {
        PgDumpSchemaDumper dumper = new PgDumpSchemaDumper(CONNECTION, Duration.ofMinutes(5));

        assertThatThrownBy(() -> dumper.start("app", "user; drop table x", null, 0))
                .isInstanceOf(InvalidIdentifierException.class);
        assertThatThrownBy(() -> dumper.start("host=evil", "user", null, 0))
                .isInstanceOf(InvalidIdentifierException.class);
        assertThatThrownBy(() -> dumper.start("app", "user", "1' or '1", 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> dumper.start("app", "user", null, 10))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void streamsTheOutputOfASuccessfulDump() throws Exception {
        DumpProcess dump = dumperRunning("printf 'PGDMP-archive'; exit 0").start("app", "user", null, 0);

        byte[] out = dump.stdout().readAllBytes();

        assertThat(out).asString().isEqualTo("PGDMP-archive");
        assertThat(dump.await()).isInstanceOf(DumpResult.Succeeded.class);
    }

    @Test
    void failsTheStreamAtItsEndWhenTheDumpExitsNonZero() throws Exception {
        DumpProcess dump = dumperRunning(
                "printf 'partial'; echo 'pg_dump: error: connection failed, password pw-never-shown' >&2; exit 1")
                .start("app", "user", null, 0);
        InputStream stdout = dump.stdout();

        assertThat(stdout.readNBytes(7)).asString().isEqualTo("partial");
        assertThatThrownBy(stdout::read)
                .isInstanceOf(DumpFailedException.class)
                .hasMessageContaining("exited with code 1")
                .hasMessageContaining("pg_dump: error: connection failed")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw-never-shown"));

        assertThat(dump.await()).isInstanceOfSatisfying(DumpResult.Failed.class,
                failed -> assertThat(failed.exitCode()).isEqualTo(1));
    }

    @Test
    void keepsOnlyTheTailOfALongStderr() throws Exception {
        DumpProcess dump = dumperRunning("i=0; while [ $i -lt 2000 ]; do echo \"noise line $i\" >&2; i=$((i+1)); done;"
                + " echo 'pg_dump: error: the real cause' >&2; exit 1").start("app", "user", null, 0);

        DumpResult result = dump.await();

        assertThat(result).isInstanceOfSatisfying(DumpResult.Failed.class, failed -> {
            assertThat(failed.reason()).endsWith("pg_dump: error: the real cause").doesNotContain("noise line 1\n");
            assertThat(failed.reason().length()).isLessThan(PgDumpSchemaDumper.STDERR_TAIL_BYTES + 200);
        });
    }

    @Test
    void failsTheStreamAsAbortedAfterAbort() throws Exception {
        DumpProcess dump = dumperRunning("while true; do printf 'xxxxxxxxxxxxxxxx'; done").start("app", "user", null, 0);
        InputStream stdout = dump.stdout();
        stdout.readNBytes(10_000);

        dump.abort();

        assertThatThrownBy(() -> stdout.readNBytes(10_000_000))
                .isInstanceOf(DumpFailedException.class).hasMessageContaining("aborted");
        assertThat(dump.await()).isInstanceOf(DumpResult.Failed.class);
    }

    @Test
    void killsADumpThatExceedsItsTimeout() throws Exception {
        PgDumpSchemaDumper dumper = new PgDumpSchemaDumper(CONNECTION, script("exec sleep 30"), Duration.ofMillis(300));
        DumpProcess dump = dumper.start("app", "user", null, 0);

        assertThatThrownBy(() -> dump.stdout().readAllBytes())
                .isInstanceOf(DumpFailedException.class).hasMessageContaining("timed out after PT0.3S");

        assertThat(dump.await()).isInstanceOf(DumpResult.Failed.class);
    }

    @Test
    void passesThePasswordThroughTheEnvironment() throws Exception {
        DumpProcess dump = dumperRunning("printf \"$PGPASSWORD\"").start("app", "user", null, 0);

        assertThat(dump.stdout().readAllBytes()).asString().isEqualTo("pw-never-shown");
    }

    @Test
    void reportsTheToolVersion() throws IOException {
        PgDumpSchemaDumper dumper = new PgDumpSchemaDumper(CONNECTION, script("echo 'pg_dump (PostgreSQL) 15.13'"),
                Duration.ofMinutes(1));

        assertThat(dumper.toolVersion()).isEqualTo("pg_dump (PostgreSQL) 15.13");
    }

    private PgDumpSchemaDumper dumperRunning(String body) throws IOException {
        return new PgDumpSchemaDumper(CONNECTION, script(body), Duration.ofMinutes(1));
    }

    private Path script(String body) throws IOException {
        Path script = Files.createTempFile(dir, "fake-pg_dump", ".sh");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }
}
