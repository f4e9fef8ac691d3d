package com.aquastream.backup.catalog.restores;

import static com.aquastream.backup.catalog.backups.CatalogFixtures.aCompletionOf;
import static com.aquastream.backup.catalog.backups.CatalogFixtures.aSchema;
import static com.aquastream.backup.catalog.backups.CatalogFixtures.theManualsTargets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aquastream.backup.catalog.backups.Backup;
import com.aquastream.backup.catalog.backups.BackupResults;
import com.aquastream.backup.catalog.backups.BackupStatus;
import com.aquastream.backup.catalog.backups.InMemoryCatalog;
import com.aquastream.backup.catalog.backups.Recorded;
import com.aquastream.backup.catalog.backups.ResultTrust;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.RestoreCompleted;
import com.aquastream.backup.events.RestoreFailed;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRejected;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.events.RestoreVerified;
import com.aquastream.backup.events.Tier;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RestoreOutcomesTest {

    private static final Instant NOW = Instant.parse("2025-06-10T10:00:00Z");
    private static final Instant SLOT = Instant.parse("2025-06-09T02:00:00Z");

    private final InMemoryCatalog catalog = new InMemoryCatalog();
    private final InMemoryRestoreLog restores = new InMemoryRestoreLog();
    private final List<Backup> verified = new ArrayList<>();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final RestoreOutcomes outcomes = new RestoreOutcomes(catalog, restores, catalog, verified::add, clock);

    @Test
    void setsVerifiedAtOnTheBackupAndTellsTheGauge() {
        BackupCompleted backup = givenACompletedBackup("user");
        UUID restoreId = givenARequested(backup, RestoreMode.VERIFY);

        Recorded recorded = outcomes.verified(verifiedEvent(backup, restoreId));

        assertThat(recorded).isEqualTo(Recorded.NEW);
        assertThat(catalog.find(backup.backupId()).orElseThrow().verifiedAt()).isEqualTo(NOW);
        assertThat(verified).extracting(Backup::backupId).containsExactly(backup.backupId());
        assertThat(restores.find(restoreId).orElseThrow().status()).isEqualTo(RestoreStatus.VERIFIED);
    }

    @Test
    void refusesAVerificationFromTheFutureAndLeavesTheBackupUnverified() {
        BackupCompleted backup = givenACompletedBackup("user");
        UUID restoreId = givenARequested(backup, RestoreMode.VERIFY);
        RestoreVerified fresh = verifiedEvent(backup, restoreId);
        RestoreVerified fromTheFuture = new RestoreVerified(fresh.eventId(), NOW.plus(java.time.Duration.ofDays(365)),
                fresh.database(), fresh.schema(), fresh.restoreId(), fresh.backupId(), fresh.key(), fresh.sha256(),
                fresh.durationMs(), fresh.checks());

        assertThatThrownBy(() -> outcomes.verified(fromTheFuture))
                .isInstanceOf(ResultTrust.UntrustedResultException.class).hasMessageContaining("restore.verified");

        assertThat(catalog.find(backup.backupId()).orElseThrow().verifiedAt()).isNull();
        assertThat(restores.find(restoreId).orElseThrow().status()).isEqualTo(RestoreStatus.REQUESTED);
        assertThat(verified).isEmpty();
    }

    @Test
    void ignoresTheSameEventTwice() {
        BackupCompleted backup = givenACompletedBackup("user");
        UUID restoreId = givenARequested(backup, RestoreMode.VERIFY);
        RestoreVerified event = verifiedEvent(backup, restoreId);
        outcomes.verified(event);

        assertThat(outcomes.verified(event)).isEqualTo(Recorded.DUPLICATE_EVENT);
        assertThat(verified).hasSize(1);
    }

    @Test
    void recordsAFailedVerificationOnTheBackupButNotAFailedRestore() {
        BackupCompleted drilled = givenACompletedBackup("user");
        BackupCompleted restored = givenACompletedBackup("event");
        UUID drill = givenARequested(drilled, RestoreMode.VERIFY);
        UUID restore = givenARequested(restored, RestoreMode.RESTORE);

        outcomes.failed(new RestoreFailed(UUID.randomUUID(), NOW, "aquastream", "user", drill, "rows differ"));
        outcomes.failed(new RestoreFailed(UUID.randomUUID(), NOW, "aquastream", "event", restore, "disk full"));

        Backup judged = catalog.find(drilled.backupId()).orElseThrow();
        assertThat(judged.verificationFailedAt()).isEqualTo(NOW);
        assertThat(judged.verificationFailure()).isEqualTo("rows differ");
        assertThat(catalog.find(restored.backupId()).orElseThrow().verificationFailedAt()).isNull();
        assertThat(restores.find(restore).orElseThrow().reason()).isEqualTo("disk full");
    }

    @Test
    void keepsTheFirstAnswerOfARestore() {
        BackupCompleted backup = givenACompletedBackup("user");
        UUID restoreId = givenARequested(backup, RestoreMode.RESTORE);
        outcomes.completed(new RestoreCompleted(UUID.randomUUID(), NOW, "aquastream", "user", restoreId,
                backup.backupId(), "k", "ab", 12, List.of()));

        Recorded late = outcomes.rejected(new RestoreRejected(UUID.randomUUID(), NOW, "aquastream", "user", restoreId,
                "restore id already used", backup.backupId(), null, RestoreRejected.INVALID_COMMAND));

        assertThat(late).isEqualTo(Recorded.ALREADY_KNOWN);
        assertThat(restores.find(restoreId).orElseThrow().status()).isEqualTo(RestoreStatus.COMPLETED);
        assertThat(restores.find(restoreId).orElseThrow().durationMs()).isEqualTo(12);
    }

    @Test
    void marksTheBackupCorruptOnAChecksumMismatchOnly() {
        BackupCompleted mismatched = givenACompletedBackup("user");
        BackupCompleted refused = givenACompletedBackup("event");

        outcomes.rejected(new RestoreRejected(UUID.randomUUID(), NOW, "aquastream", "user", UUID.randomUUID(),
                "checksum", mismatched.backupId(), null, RestoreRejected.CHECKSUM_MISMATCH));
        outcomes.rejected(new RestoreRejected(UUID.randomUUID(), NOW, "aquastream", "event", UUID.randomUUID(),
                "unsigned", refused.backupId(), null, RestoreRejected.INVALID_COMMAND));

        assertThat(catalog.find(mismatched.backupId()).orElseThrow().status()).isEqualTo(BackupStatus.CORRUPT);
        assertThat(catalog.find(refused.backupId()).orElseThrow().status()).isEqualTo(BackupStatus.COMPLETED);
    }

    @Test
    void neverTouchesABackupOfAnotherSchema() {
        BackupCompleted other = givenACompletedBackup("event");

        outcomes.rejected(new RestoreRejected(UUID.randomUUID(), NOW, "aquastream", "user", UUID.randomUUID(),
                "checksum", other.backupId(), null, RestoreRejected.CHECKSUM_MISMATCH));

        assertThat(catalog.find(other.backupId()).orElseThrow().status()).isEqualTo(BackupStatus.COMPLETED);
    }

    @Test
    void remembersTheOutcomeOfARestoreSomeoneElseRequested() {
        UUID restoreId = UUID.randomUUID();

        outcomes.failed(new RestoreFailed(UUID.randomUUID(), NOW, "aquastream", "user", restoreId, "boom"));

        Restore heard = restores.find(restoreId).orElseThrow();
        assertThat(heard.status()).isEqualTo(RestoreStatus.FAILED);
        assertThat(heard.requestedBy()).isNull();
    }

    @Test
    void recordsWhatAPointInTimeRecoveryReached() {
        UUID restoreId = UUID.randomUUID();
        Instant asOf = NOW.minusSeconds(600);
        restores.save(Restore.requested(new RestoreRequested(UUID.randomUUID(), NOW, "main", "pg_cluster", restoreId,
                null, null, null, RestoreMode.PITR, true, "test", "sig", null, asOf, null)));
        Instant recoveredTo = asOf.minusSeconds(3);

        Recorded recorded = outcomes.completed(new RestoreCompleted(UUID.randomUUID(), NOW, "main", "pg_cluster",
                restoreId, null, null, null, 9000, List.of(), null, recoveredTo, false, "/var/tmp/pitr/data",
                "start it"));

        Restore done = restores.find(restoreId).orElseThrow();
        assertThat(recorded).isEqualTo(Recorded.NEW);
        assertThat(done.status()).isEqualTo(RestoreStatus.COMPLETED);
        assertThat(done.asOf()).isEqualTo(asOf);
        assertThat(done.recovery()).isEqualTo(new Restore.Recovery(recoveredTo, false, "/var/tmp/pitr/data",
                "start it"));
    }

    @Test
    void tellsAPointInTimeRecoverySomeoneElseRequestedByWhatItReached() {
        UUID restoreId = UUID.randomUUID();

        outcomes.completed(new RestoreCompleted(UUID.randomUUID(), NOW, "aquastream", "user", restoreId, null, null,
                null, 9000, List.of(), null, NOW.minusSeconds(60), true, null, null));

        Restore heard = restores.find(restoreId).orElseThrow();
        assertThat(heard.mode()).isEqualTo(RestoreMode.PITR);
        assertThat(heard.recovery().endOfArchive()).isTrue();
    }

    private BackupCompleted givenACompletedBackup(String schema) {
        BackupCompleted completed = aCompletionOf(aSchema(schema), SLOT, Tier.DAILY);
        new BackupResults(catalog, theManualsTargets(), catalog, catalog, (s, at) -> { }, b -> { }, clock).completed(completed);
        return completed;
    }

    private UUID givenARequested(BackupCompleted backup, RestoreMode mode) {
        UUID restoreId = UUID.randomUUID();
        restores.save(Restore.requested(new RestoreRequested(UUID.randomUUID(), NOW, backup.database(),
                backup.schema(), restoreId, backup.backupId(), backup.objects().get(0).key(), null, mode, false,
                "test", "sig")));
        return restoreId;
    }

    private static RestoreVerified verifiedEvent(BackupCompleted backup, UUID restoreId) {
        return new RestoreVerified(UUID.randomUUID(), NOW, backup.database(), backup.schema(), restoreId,
                backup.backupId(), backup.objects().get(0).key(), backup.sha256(), 50, List.of());
    }
}
