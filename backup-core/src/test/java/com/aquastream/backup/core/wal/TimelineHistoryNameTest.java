package com.aquastream.backup.core.wal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class TimelineHistoryNameTest {

    @Test
    void readsOnlyExactlyAHistoryFileName() {
        assertThat(TimelineHistoryName.tryParse("00000002.history")).contains(new TimelineHistoryName(2));
        assertThat(TimelineHistoryName.tryParse("0000000A.history").orElseThrow().timeline()).isEqualTo(10);
        for (String other : List.of("00000000.history", "0000000a.history", "00000002.history.gz", "2.history",
                "../00000002.history", "00000002.history.partial", "000000020000000000000003", "", "00000002")) {
            assertThat(TimelineHistoryName.tryParse(other)).as(other).isEmpty();
        }
        assertThat(TimelineHistoryName.tryParse(null)).isEmpty();
    }

    @Property
    void everyTimelineRoundTripsThroughItsFileName(@ForAll @LongRange(min = 1, max = 0xFFFFFFFFL) long timeline) {
        TimelineHistoryName name = new TimelineHistoryName(timeline);
        assertThat(TimelineHistoryName.tryParse(name.fileName())).contains(name);
        assertThat(WalArchiveKeys.historyKey("main", name, com.aquastream.backup.core.compress.Compression.ZSTD))
                .isEqualTo("wal/main/" + name.timelineHex() + "/" + name.timelineHex() + ".history.zst");
    }
}
