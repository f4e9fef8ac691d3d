package com.aquastream.backup.core.wal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PgReceiveWalTest {

    @Test
    void acceptsAnOrdinaryReceiver() {
        assertThatCode(() -> settings("db.internal", 5432, "replicator", "wal_archiver", 10)).doesNotThrowAnyException();
        assertThatCode(() -> settings("/var/run/postgresql", 5432, "replicator", "wal_archiver", 1))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-oProxyCommand=x", "db host", "db;rm", "db\n", "host=db user=x"})
    void refusesHostsThatCouldBeReadAsOptionsOrConnectionStrings(String host) {
        assertThatThrownBy(() -> settings(host, 5432, "replicator", "wal_archiver", 10))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Replicator", "a;b", "../slot", "-x"})
    void refusesUserAndSlotNamesThatAreNotPlainIdentifiers(String name) {
        assertThatThrownBy(() -> settings("db", 5432, name, "wal_archiver", 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings("db", 5432, "replicator", name, 10))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAPortOrStatusIntervalOutOfRange() {
        assertThatThrownBy(() -> settings("db", 0, "replicator", "wal_archiver", 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings("db", 5432, "replicator", "wal_archiver", 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static PgReceiveWal.Settings settings(String host, int port, String user, String slot, int interval) {
        return new PgReceiveWal.Settings("pg_receivewal", host, port, user, null, slot, Path.of("wal"), false,
                Duration.ofSeconds(interval));
    }
}
