package com.aquastream.backup.core.pitr;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** What the server log says about the point a recovery reached. */
class PointInTimeRecoveryTest {

    @Test
    void takesTheLastReportedCommitTime() {
        String log = """
                2026-12-07 09:31:50.100 UTC [1] LOG:  starting point-in-time recovery to 2026-12-07 09:31:53+00
                2026-12-07 09:31:51.000 UTC [1] LOG:  recovery stopping after commit of transaction 745, time 2026-12-07 09:31:52.953884+00
                2026-12-07 09:31:51.001 UTC [1] LOG:  redo done at 0/3000148
                2026-12-07 09:31:51.002 UTC [1] LOG:  last completed transaction was at log time 2026-12-07 09:31:52.95+00
                """;

        assertThat(PointInTimeRecovery.lastCommit(log)).contains(Instant.parse("2026-12-07T09:31:52.950Z"));
    }

    @Test
    void readsWholeSecondsAndStopsBeforeCommits() {
        String log = "LOG:  recovery stopping before commit of transaction 9, time 2026-12-07 09:00:01+00\n";

        assertThat(PointInTimeRecovery.lastCommit(log)).contains(Instant.parse("2026-12-07T09:00:01Z"));
    }

    @Test
    void nothingWhenTheReplayedWalHeldNoCommit() {
        assertThat(PointInTimeRecovery.lastCommit("LOG:  redo done at 0/3000148\n")).isEmpty();
    }
}
