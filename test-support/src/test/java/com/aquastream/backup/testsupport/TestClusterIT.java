package com.aquastream.backup.testsupport;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestClusterIT {

    @Test
    void startsAReplicationReadyServerAndLeavesNothingRunningAfterClose() {
        TestCluster cluster = TestCluster.start(1);
        try {
            cluster.execute("create table t as select generate_series(1, 10) as n");

            assertThat(cluster.queryForString("show wal_level")).isEqualTo("replica");
            assertThat(cluster.queryForString("show wal_segment_size")).isEqualTo("1MB");
            assertThat(cluster.currentLsn()).matches("[0-9A-F]+/[0-9A-F]+");
            assertThat(cluster.walSegmentBytes()).isEqualTo(1L << 20);
        } finally {
            cluster.close();
        }

        assertThatThrownBy(() -> cluster.connect("postgres").close()).isInstanceOf(SQLException.class);
        cluster.close(); // idempotent
    }
}
