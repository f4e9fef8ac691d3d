package com.aquastream.backup.core.wal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading the archive's keys back: segments, snapshots, histories and their sidecars, nothing else. */
class ArchivedWalTest {

    private static final long MIB = 1L << 20;

    @Test
    void readsEveryKindOfObjectTheShipperStores() {
        ArchivedWal segment = parse("wal/main/00000001/000000010000000000000003.gz");
        ArchivedWal sidecar = parse("wal/main/00000001/000000010000000000000003.zst.sha256");
        ArchivedWal partial = parse("wal/main/00000002/000000020000000000000004.partial.gz");
        ArchivedWal history = parse("wal/main/00000002/00000002.history.gz.sha256");

        assertThat(segment.segment()).contains(new WalSegmentName(1, 3, MIB, false));
        assertThat(segment.sidecar()).isFalse();
        assertThat(sidecar.sidecar()).isTrue();
        assertThat(partial.partial()).isTrue();
        assertThat(partial.timeline()).isEqualTo(2);
        assertThat(history.history()).isTrue();
        assertThat(history.sidecar()).isTrue();
    }

    @Test
    void refusesKeysOfAnotherLayoutClusterOrTimelineFolder() {
        for (String key : List.of("wal/main/00000002/000000010000000000000003.gz", "wal/other/00000001/"
                        + "000000010000000000000003.gz", "wal/main/000000010000000000000003.gz",
                "wal/main/00000001/000000010000000000000003", "wal/main/00000001/000000010000000000000003.lz4",
                "wal/main/00000001/x/000000010000000000000003.gz", "wal/main/00000001/00000002.history.gz",
                "basebackup/main/00000001/000000010000000000000003.gz")) {
            assertThat(ArchivedWal.parse("main", key, MIB)).as(key).isEmpty();
        }
    }

    private static ArchivedWal parse(String key) {
        return ArchivedWal.parse("main", key, MIB).orElseThrow();
    }
}
