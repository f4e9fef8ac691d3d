package com.aquastream.backup.core.wal;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class WalLagTest {

    private static final Instant SHIPPED_AT = Instant.parse("2026-12-07T08:00:00Z");

    @Test
    void countsTheBytesWrittenSinceTheShippedPositionAndTheTimeSinceItWasShipped() {
        ShippedSegment shipped = aSegmentShippedUpTo("0/3000000");

        WalLag lag = WalLag.between(Lsn.parse("0/3100000"), shipped, SHIPPED_AT.plusSeconds(42));

        assertThat(lag.bytes()).isEqualTo(0x100000);
        assertThat(lag.behind()).isEqualTo(Duration.ofSeconds(42));
    }

    @Test
    void isNotBehindOnAnIdleServerHoweverLongAgoItShipped() {
        ShippedSegment shipped = aSegmentShippedUpTo("0/3000000");

        WalLag lag = WalLag.between(Lsn.parse("0/3000000"), shipped, SHIPPED_AT.plus(Duration.ofHours(8)));

        assertThat(lag).isEqualTo(new WalLag(0, Duration.ZERO));
    }

    @Test
    void neverReportsANegativeLagWhenTheShippedEstimateIsAhead() {
        ShippedSegment shipped = aSegmentShippedUpTo("0/3000008");

        WalLag lag = WalLag.between(Lsn.parse("0/3000000"), shipped, SHIPPED_AT.plusSeconds(5));

        assertThat(lag).isEqualTo(new WalLag(0, Duration.ZERO));
    }

    private static ShippedSegment aSegmentShippedUpTo(String end) {
        WalSegmentName segment = WalSegmentName.parse("000000010000000000000002", 16L << 20);
        return new ShippedSegment(segment, segment.startLsn(), Lsn.parse(end), 16L << 20, 1234, "0".repeat(64),
                "wal/main/00000001/000000010000000000000002.gz", SHIPPED_AT);
    }
}
