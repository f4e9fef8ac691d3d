package com.aquastream.backup.core.wal;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LsnTest {

    @Test
    void readsTheServersTextForm() {
        Lsn lsn = Lsn.parse("16/B374D848");

        assertThat(lsn.value()).isEqualTo(0x16B374D848L);
        assertThat(lsn).hasToString("16/B374D848");
    }

    @Property
    void roundTripsEveryPosition(@ForAll long value) {
        Lsn lsn = new Lsn(value);

        assertThat(Lsn.parse(lsn.toString())).isEqualTo(lsn);
    }

    @Property
    void ordersAsUnsignedPositions(@ForAll long a, @ForAll long b) {
        assertThat(Integer.signum(new Lsn(a).compareTo(new Lsn(b)))).isEqualTo(Integer.signum(Long.compareUnsigned(a, b)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "16", "16/", "/1", "1/2/3", "123456789/0", "G/0", " 1/0", "1/0\n", "-1/0"})
    void refusesAnythingElse(String text) {
        assertThatThrownBy(() -> Lsn.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
