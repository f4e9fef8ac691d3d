package com.aquastream.backup.wal.archiving.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JdbcPgServerTest {

    @ParameterizedTest
    @CsvSource({"16MB, 16777216", "1MB, 1048576", "1GB, 1073741824", "64kB, 65536", "8192B, 8192"})
    void readsTheSegmentSizeAsTheServerShowsIt(String shown, long bytes) {
        assertThat(JdbcPgServer.parseSize(shown)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "16", "16 mb", "MB", "-1MB", "16TB"})
    void refusesAnythingElse(String shown) {
        assertThatThrownBy(() -> JdbcPgServer.parseSize(shown)).isInstanceOf(IllegalArgumentException.class);
    }
}
