package com.aquastream.backup.core.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RdbSnapshotTest {

    private static final String MARK = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void readsExactlyTheAnnouncedLengthAndNoFurther() throws IOException {
        InputStream in = new RdbSnapshot.ExactLengthInputStream(bytes("REDIS0010payload+REPLICATION-STREAM"), 16);

        assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("REDIS0010payload");
    }

    @Test
    void failsInsteadOfEndingWhenTheConnectionDropsBeforeTheLastByte() {
        InputStream in = new RdbSnapshot.ExactLengthInputStream(bytes("REDIS0010"), 100);

        assertThatThrownBy(in::readAllBytes).isInstanceOf(EOFException.class).hasMessageContaining("91 bytes");
    }

    @Test
    void endsADisklessTransferAtItsMarkWithoutTheMark() throws IOException {
        String rdb = "REDIS0010" + "x".repeat(200_000);
        InputStream in = new RdbSnapshot.EofMarkedInputStream(bytes(rdb + MARK),
                MARK.getBytes(StandardCharsets.US_ASCII));

        assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo(rdb);
    }

    @Test
    void failsADisklessTransferThatEndsWithoutItsMark() {
        InputStream in = new RdbSnapshot.EofMarkedInputStream(bytes("REDIS0010" + "y".repeat(100)),
                MARK.getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(in::readAllBytes).isInstanceOf(EOFException.class);
    }

    @Test
    void countsKeysPerLogicalDatabaseFromInfoKeyspace() {
        Map<String, String> keyspace = RedisConnection.parseInfo(
                "# Keyspace\r\ndb0:keys=42,expires=3,avg_ttl=0\r\ndb9:keys=7,expires=0,avg_ttl=0\r\n");

        assertThat(RdbSnapshot.keysPerDatabase(keyspace)).containsExactly(Map.entry("db0", 42L), Map.entry("db9", 7L));
    }

    @Test
    void neverShowsThePasswordOfAnEndpoint() {
        RedisEndpoint endpoint = RedisEndpoint.parse("cache.internal:6380", "s3cr3t-pass", Duration.ofSeconds(5));

        assertThat(endpoint.host()).isEqualTo("cache.internal");
        assertThat(endpoint.port()).isEqualTo(6380);
        assertThat(endpoint.toString()).doesNotContain("s3cr3t-pass").contains("cache.internal:6380");
    }

    @Test
    void refusesAnAddressWithoutAPort() {
        assertThatThrownBy(() -> RedisEndpoint.parse("cache.internal", null, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
    }
}
