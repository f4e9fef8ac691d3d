package com.aquastream.backup.core.wal;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Choosing the server programs of a base backup's major version. */
class ServerProgramsTest {

    @Test
    void putsTheMajorVersionIntoAConfiguredDirectory() {
        ServerPrograms configured = new ServerPrograms(Path.of("/usr/lib/postgresql/{major}/bin"), "postgres");

        assertThat(configured.forMajor(16).binDir()).isEqualTo(Path.of("/usr/lib/postgresql/16/bin"));
        assertThat(configured.forMajor(15).program("pg_ctl")).isEqualTo("/usr/lib/postgresql/15/bin/pg_ctl");
        assertThat(configured.forMajor(15).as(List.of("pg_ctl"))).startsWith("runuser", "-u", "postgres", "--");
    }

    @Test
    void takesADirectoryWithoutThePlaceholderAsItIs() {
        ServerPrograms fixed = new ServerPrograms(Path.of("/opt/pg15/bin"), null);

        assertThat(fixed.forMajor(16)).isSameAs(fixed);
        assertThat(fixed.as(List.of("pg_ctl"))).containsExactly("pg_ctl");
    }

    @Test
    void readsTheMajorVersionFromWhatThePostgresProgramPrints() throws IOException {
        assertThat(ServerPrograms.parseMajor("postgres (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)\n")).isEqualTo(15);
        assertThat(ServerPrograms.parseMajor("postgres (PostgreSQL) 17.2")).isEqualTo(17);
        assertThat(ServerPrograms.parseMajor("postgres (PostgreSQL) 9.6.24")).isEqualTo(9);
        assertThatThrownBy(() -> ServerPrograms.parseMajor("bash: postgres: command not found"))
                .isInstanceOf(IOException.class).hasMessageContaining("not a PostgreSQL version");
    }
}
