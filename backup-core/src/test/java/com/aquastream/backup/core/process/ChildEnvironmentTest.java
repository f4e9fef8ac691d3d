package com.aquastream.backup.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.core.pg.DumpProcess;
import com.aquastream.backup.core.pg.PgConnection;
import com.aquastream.backup.core.pg.PgDumpSchemaDumper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildEnvironmentTest {

    /** Variables a shell sets by itself for the program it runs. */
    private static final Set<String> SET_BY_THE_SHELL = Set.of("PWD", "SHLVL", "_", "OLDPWD");

    @Test
    void keepsWhatAToolNeedsAndDropsTheServicesSecrets() {
        ProcessBuilder builder = new ProcessBuilder("true");
        builder.environment().putAll(Map.of("PATH", "/usr/bin", "LANG", "C.UTF-8", "PGSSLMODE", "verify-full",
                "RESTORE_SIGNING_KEY", "k", "S3_SECRET_KEY", "s", "OFFSITE_ENCRYPTION_KEY", "e",
                "CATALOG_API_TOKEN", "t", "PGPASSWORD", "from-our-environment"));

        ChildEnvironment.confine(builder, Map.of("PGPASSWORD", "from-the-connection"));

        assertThat(builder.environment()).containsEntry("PATH", "/usr/bin").containsEntry("LANG", "C.UTF-8")
                .containsEntry("PGSSLMODE", "verify-full").containsEntry("PGPASSWORD", "from-the-connection")
                .doesNotContainKeys("RESTORE_SIGNING_KEY", "S3_SECRET_KEY", "OFFSITE_ENCRYPTION_KEY",
                        "CATALOG_API_TOKEN");
    }

    @Test
    void givesPgDumpOnlyTheInheritedNamesAndTheConnectionsPassword(@TempDir Path dir) throws Exception {
        Path fakePgDump = dir.resolve("pg_dump");
        Files.writeString(fakePgDump, "#!/bin/sh\nexec env\n");
        Files.setPosixFilePermissions(fakePgDump, PosixFilePermissions.fromString("rwx------"));
        PgDumpSchemaDumper dumper = new PgDumpSchemaDumper(new PgConnection("127.0.0.1", 5432, "postgres", "pw"),
                fakePgDump, Duration.ofMinutes(1));

        DumpProcess dump = dumper.start("db", "user", null, 6);
        String printed = new String(dump.stdout().readAllBytes(), StandardCharsets.UTF_8);
        dump.await();

        Map<String, String> seen = Arrays.stream(printed.split("\n")).filter(l -> l.contains("="))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1),
                        (a, b) -> b));
        assertThat(seen).containsEntry("PGPASSWORD", "pw").containsKey("PATH");
        assertThat(seen.keySet()).allMatch(name -> ChildEnvironment.INHERITED.contains(name)
                || name.equals("PGPASSWORD") || SET_BY_THE_SHELL.contains(name));
        // The test's own environment had more to give (JAVA_HOME, HOSTNAME, Maven's...): it was not passed on.
        assertThat(System.getenv().keySet()).anyMatch(name -> !ChildEnvironment.INHERITED.contains(name)
                && !seen.containsKey(name));
    }
}
