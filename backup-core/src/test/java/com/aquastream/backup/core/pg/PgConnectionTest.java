package com.aquastream.backup.core.pg;

import com.aquastream.backup.core.naming.InvalidIdentifierException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PgConnectionTest {

    @Test
    void hidesThePasswordInToString() {
        PgConnection connection = new PgConnection("db.internal", 5432, "backup", "s3cr3t-pass");

        assertThat(connection.toString()).doesNotContain("s3cr3t-pass").contains("******", "db.internal", "backup");
    }

    @Test
    void passesThePasswordOnlyThroughTheEnvironment() {
        assertThat(new PgConnection("h", 5432, "u", "pw").processEnvironment()).containsExactly(
                java.util.Map.entry("PGPASSWORD", "pw"));
        assertThat(new PgConnection("h", 5432, "u", null).processEnvironment()).isEmpty();
    }

    @Test
    void buildsAJdbcUrlForAValidatedDatabase() {
        PgConnection connection = new PgConnection("127.0.0.1", 5433, "postgres", null);

        assertThat(connection.jdbcUrl("app")).isEqualTo("jdbc:postgresql://127.0.0.1:5433/app");
        assertThatThrownBy(() -> connection.jdbcUrl("app?socketFactory=x"))
                .isInstanceOf(InvalidIdentifierException.class);
    }

    @Test
    void bracketsIpv6Hosts() {
        assertThat(new PgConnection("::1", 5432, "u", null).jdbcUrl("app")).isEqualTo("jdbc:postgresql://[::1]:5432/app");
    }

    @Test
    void rejectsHostsAndUsersThatLookLikeOptions() {
        assertThatThrownBy(() -> new PgConnection("--help", 5432, "u", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PgConnection("h", 5432, "-x", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PgConnection("h", 0, "u", null)).isInstanceOf(IllegalArgumentException.class);
    }
}
