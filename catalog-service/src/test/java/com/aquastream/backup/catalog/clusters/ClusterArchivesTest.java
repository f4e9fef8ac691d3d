package com.aquastream.backup.catalog.clusters;

import static com.aquastream.backup.catalog.clusters.ClusterFixtures.aBaseBackupFailureOf;
import static com.aquastream.backup.catalog.clusters.ClusterFixtures.aBaseBackupOf;
import static com.aquastream.backup.catalog.clusters.ClusterFixtures.aPartialOf;
import static com.aquastream.backup.catalog.clusters.ClusterFixtures.aSegmentOf;
import static com.aquastream.backup.catalog.clusters.ClusterFixtures.aWalStatusOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.aquastream.backup.catalog.backups.BackupOutcomes;
import com.aquastream.backup.catalog.backups.Recorded;
import com.aquastream.backup.catalog.backups.ResultTrust;
import com.aquastream.backup.events.BaseBackupCompleted;
import com.aquastream.backup.events.BaseBackupFailed;
import com.aquastream.backup.events.WalArchived;
import com.aquastream.backup.events.WalStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ClusterArchivesTest {

    private static final Instant NOW = Instant.parse("2025-08-18T12:00:00Z");
    private static final Instant DAY1 = Instant.parse("2025-08-16T01:04:00Z");
    private static final Instant DAY2 = Instant.parse("2025-08-17T01:04:00Z");

    private final InMemoryClusterArchive archive = new InMemoryClusterArchive();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final ClusterArchives archives = new ClusterArchives(archive, archive, clock,
            new ResultTrust(clock, ResultTrust.DEFAULT_MAX_CLOCK_SKEW, BackupOutcomes.NONE));

    @Test
    void recordsABaseBackupOnceWhateverHowOftenItIsAnnounced() {
        BaseBackupCompleted backup = aBaseBackupOf("main", DAY1, "0/5000028", "0/5000138");
        BaseBackupCompleted reannounced = new BaseBackupCompleted(UUID.randomUUID(), NOW, "main", "pg_cluster",
                backup.requestId(), backup.backupId(), backup.key(), backup.store(), backup.sizeBytes(),
                backup.sha256(), backup.compression(), backup.format(), backup.timeline(), backup.startLsn(),
                backup.endLsn(), backup.startedAt(), backup.finishedAt(), backup.serverVersion(),
                backup.toolVersion(), backup.manifestVerified());

        Recorded first = archives.completed(backup);
        Recorded again = archives.completed(backup);
        Recorded other = archives.completed(reannounced);

        assertThat(first).isEqualTo(Recorded.NEW);
        assertThat(again).isEqualTo(Recorded.ALREADY_KNOWN);
        assertThat(other).isEqualTo(Recorded.ALREADY_KNOWN);
        assertThat(archives.baseBackups("main", 10)).singleElement().satisfies(b -> {
            assertThat(b.status()).isEqualTo(BaseBackup.Status.COMPLETED);
            assertThat(b.endLsn()).isEqualTo("0/5000138");
            assertThat(b.recordedAt()).isEqualTo(NOW);
        });
    }

    @Test
    void refusesAKnownBaseBackupAnnouncedWithOtherBytes() {
        BaseBackupCompleted backup = aBaseBackupOf("main", DAY1, "0/5000028", "0/5000138");
        archives.completed(backup);
        BaseBackupCompleted forged = new BaseBackupCompleted(UUID.randomUUID(), NOW, "main", "pg_cluster",
                backup.requestId(), backup.backupId(), backup.key(), backup.store(), 1, "00", backup.compression(),
                backup.format(), backup.timeline(), backup.startLsn(), backup.endLsn(), backup.startedAt(),
                backup.finishedAt(), backup.serverVersion(), backup.toolVersion(), backup.manifestVerified());

        assertThatThrownBy(() -> archives.completed(forged))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("never change");
        assertThat(archives.baseBackups("main", 10)).singleElement()
                .satisfies(b -> assertThat(b.sha256()).isEqualTo(backup.sha256()));
    }

    @Test
    void refusesResultsFromTheFutureAndEventsThatAreNotAClusters() {
        BaseBackupCompleted future = aBaseBackupOf("main", NOW.plus(Duration.ofHours(1)), "0/5000028",
                "0/5000138");
        WalArchived ofASchema = aSegmentOf("main", 3, DAY1);
        WalArchived notACluster = new WalArchived(ofASchema.eventId(), DAY1, "main", "user", 1, ofASchema.segment(),
                false, ofASchema.startLsn(), ofASchema.endLsn(), ofASchema.key(), "filesystem", 1, 1, "ab", "gzip");

        assertThatThrownBy(() -> archives.completed(future)).isInstanceOf(ResultTrust.UntrustedResultException.class);
        assertThatThrownBy(() -> archives.archived(notACluster)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pg_cluster");
        assertThat(archives.clusters()).isEmpty();
    }

    @Test
    void recordsAFailureOncePerEvent() {
        BaseBackupFailed failure = aBaseBackupFailureOf("main", DAY2);

        Recorded first = archives.failed(failure);
        Recorded again = archives.failed(failure);

        assertThat(first).isEqualTo(Recorded.NEW);
        assertThat(again).isEqualTo(Recorded.DUPLICATE_EVENT);
        assertThat(archives.baseBackups("main", 10)).singleElement().satisfies(b -> {
            assertThat(b.status()).isEqualTo(BaseBackup.Status.FAILED);
            assertThat(b.backupId()).isEqualTo(failure.eventId());
            assertThat(b.reason()).contains("connection refused");
        });
    }

    @Test
    void keepsOneSummaryPerTimelineCountingEachSegmentOnce() {
        WalArchived third = aSegmentOf("main", 3, DAY1);

        archives.archived(third);
        archives.archived(aSegmentOf("main", 4, DAY1.plusSeconds(60)));
        Recorded redelivered = archives.archived(third);
        archives.archived(aSegmentOf("main", 5, DAY1.plusSeconds(120)));

        assertThat(redelivered).isEqualTo(Recorded.ALREADY_KNOWN);
        assertThat(archive.timelines("main")).singleElement().satisfies(t -> {
            assertThat(t.segments()).isEqualTo(3);
            assertThat(t.firstSegment()).isEqualTo("000000010000000000000003");
            assertThat(t.lastSegment()).isEqualTo("000000010000000000000005");
            assertThat(t.lastSegmentEndLsn()).isEqualTo("0/6000000");
            assertThat(t.lastArchivedAt()).isEqualTo(DAY1.plusSeconds(120));
        });
    }

    @Test
    void keepsOnlyTheNewestPartialSnapshotUntilItsSegmentIsCompleted() {
        archives.archived(aSegmentOf("main", 3, DAY1));
        archives.archived(aPartialOf("main", 4, "0/4000100", DAY1.plusSeconds(10)));
        archives.archived(aPartialOf("main", 4, "0/4800000", DAY1.plusSeconds(20)));
        Recorded older = archives.archived(aPartialOf("main", 4, "0/4000100", DAY1.plusSeconds(10)));

        assertThat(older).isEqualTo(Recorded.ALREADY_KNOWN);
        WalTimeline withPartial = archive.timelines("main").get(0);
        assertThat(withPartial.partialSegment()).isEqualTo("000000010000000000000004");
        assertThat(withPartial.partialEndLsn()).isEqualTo("0/4800000");
        assertThat(withPartial.archivedEndLsn()).isEqualTo("0/4800000");

        archives.archived(aSegmentOf("main", 4, DAY1.plusSeconds(30)));

        WalTimeline completed = archive.timelines("main").get(0);
        assertThat(completed.partialSegment()).isNull();
        assertThat(completed.partialEndLsn()).isNull();
        assertThat(completed.segments()).isEqualTo(2);
        assertThat(completed.archivedEndLsn()).isEqualTo("0/5000000");
    }

    @Test
    void summarizesTheWindowFromTheOldestBaseBackupToTheNewestArchivedWal() {
        BaseBackupCompleted oldest = aBaseBackupOf("main", DAY1, "0/2000028", "0/2000138");
        BaseBackupCompleted newest = aBaseBackupOf("main", DAY2, "0/5000028", "0/5000138");
        archives.completed(newest);
        archives.completed(oldest);
        archives.failed(aBaseBackupFailureOf("main", DAY2.plusSeconds(3600)));
        archives.archived(aSegmentOf("main", 5, DAY2.plusSeconds(60)));
        archives.archived(aPartialOf("main", 6, "0/6000200", DAY2.plusSeconds(90)));
        archives.archived(aSegmentOf("other", 1, DAY1));

        ClusterSummary main = archives.cluster("main").orElseThrow();

        assertThat(main.newestBaseBackup().backupId()).isEqualTo(newest.backupId());
        assertThat(main.baseBackups()).isEqualTo(2);
        assertThat(main.earliestRecoverableAt()).isEqualTo(DAY1);
        assertThat(main.latestRecoverableAt()).isEqualTo(DAY2.plusSeconds(90));
        assertThat(main.lastFailure().reason()).contains("connection refused");
        assertThat(main.segments()).isEqualTo(1);
        assertThat(main.archivedEndLsn()).isEqualTo("0/6000200");
        assertThat(archives.clusters()).extracting(ClusterSummary::cluster).containsExactly("main", "other");
        assertThat(archives.cluster("other").orElseThrow().earliestRecoverableAt())
                .as("WAL without a base backup recovers nothing").isNull();
    }

    @Test
    void expiresTheBaseBackupsThatFinishedBeforeWhatTheStoreStillHoldsAndMovesTheWindow() {
        BaseBackupCompleted older = aBaseBackupOf("main", DAY1, "0/2000028", "0/2000138");
        BaseBackupCompleted newer = aBaseBackupOf("main", DAY2, "0/5000028", "0/5000138");
        archives.completed(older);
        archives.completed(newer);

        Recorded recorded = archives.status(aWalStatusOf("main", NOW, DAY2));

        assertThat(recorded).isEqualTo(Recorded.NEW);
        assertThat(archives.baseBackups("main", 10)).extracting(BaseBackup::backupId, BaseBackup::status)
                .containsExactly(tuple(newer.backupId(), BaseBackup.Status.COMPLETED),
                        tuple(older.backupId(), BaseBackup.Status.EXPIRED));
        ClusterSummary main = archives.cluster("main").orElseThrow();
        assertThat(main.earliestRecoverableAt()).isEqualTo(DAY2);
        assertThat(main.baseBackups()).isEqualTo(1);
        assertThat(main.newestBaseBackup().backupId()).isEqualTo(newer.backupId());
    }

    @Test
    void changesNothingForAStatusHeardAgainOrOlderThanOneThatExpiredMore() {
        BaseBackupCompleted day1 = aBaseBackupOf("main", DAY1, "0/2000028", "0/2000138");
        archives.completed(aBaseBackupOf("main", DAY1.minus(Duration.ofDays(1)), "0/1000028", "0/1000138"));
        archives.completed(day1);
        archives.completed(aBaseBackupOf("main", DAY2, "0/5000028", "0/5000138"));
        WalStatus newest = aWalStatusOf("main", NOW, DAY2);
        archives.status(newest);

        Recorded again = archives.status(newest);
        Recorded older = archives.status(aWalStatusOf("main", NOW.minus(Duration.ofHours(30)), DAY1));

        assertThat(again).isEqualTo(Recorded.ALREADY_KNOWN);
        assertThat(older).isEqualTo(Recorded.ALREADY_KNOWN);
        assertThat(archives.baseBackups("main", 10)).extracting(BaseBackup::status).containsExactly(
                BaseBackup.Status.COMPLETED, BaseBackup.Status.EXPIRED, BaseBackup.Status.EXPIRED);
        assertThat(archives.cluster("main").orElseThrow().earliestRecoverableAt()).isEqualTo(DAY2);
    }

    @Test
    void leavesFailuresAndOtherClustersAloneAndAStatusWithoutRecoverableFromChangesNothing() {
        archives.completed(aBaseBackupOf("main", DAY1, "0/2000028", "0/2000138"));
        archives.failed(aBaseBackupFailureOf("main", DAY1.minusSeconds(60)));
        archives.completed(aBaseBackupOf("other", DAY1, "0/2000028", "0/2000138"));

        Recorded notListed = archives.status(aWalStatusOf("main", NOW, null));
        archives.status(aWalStatusOf("main", NOW, DAY2));

        assertThat(notListed).isEqualTo(Recorded.ALREADY_KNOWN);
        assertThat(archives.baseBackups("main", 10)).extracting(BaseBackup::status)
                .containsExactly(BaseBackup.Status.EXPIRED, BaseBackup.Status.FAILED);
        assertThat(archives.cluster("main").orElseThrow().earliestRecoverableAt())
                .as("the catalog has not heard of the base backup the store still holds").isNull();
        assertThat(archives.baseBackups("other", 10)).extracting(BaseBackup::status)
                .containsExactly(BaseBackup.Status.COMPLETED);
    }

    @Test
    void refusesAStatusWhoseRecoverableFromLiesInTheFutureOrAfterTheStatusOrThatIsNoClusters() {
        archives.completed(aBaseBackupOf("main", DAY1, "0/2000028", "0/2000138"));
        WalStatus ofASchema = aWalStatusOf("main", NOW, DAY2);
        WalStatus notACluster = new WalStatus(ofASchema.eventId(), NOW, "main", "user", true, null, null, null, null,
                null, null, List.of(), DAY2);

        assertThatThrownBy(() -> archives.status(aWalStatusOf("main", NOW, NOW.plus(Duration.ofHours(1)))))
                .isInstanceOf(ResultTrust.UntrustedResultException.class);
        assertThatThrownBy(() -> archives.status(aWalStatusOf("main", DAY2, DAY2.plusSeconds(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("after the status");
        assertThatThrownBy(() -> archives.status(notACluster)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pg_cluster");
        assertThat(archives.baseBackups("main", 10)).extracting(BaseBackup::status)
                .containsExactly(BaseBackup.Status.COMPLETED);
    }
}
