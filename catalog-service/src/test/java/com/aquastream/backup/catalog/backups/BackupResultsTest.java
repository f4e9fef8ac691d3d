package com.aquastream.backup.catalog.backups;

import static com.aquastream.backup.catalog.backups.CatalogFixtures.aCompletionOf;
import static com.aquastream.backup.catalog.backups.CatalogFixtures.aFailureOf;
import static com.aquastream.backup.catalog.backups.CatalogFixtures.aRefusalOf;
import static com.aquastream.backup.catalog.backups.CatalogFixtures.aSchema;
import static com.aquastream.backup.catalog.backups.CatalogFixtures.reAnnounced;
import static com.aquastream.backup.catalog.backups.CatalogFixtures.theManualsTargets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aquastream.backup.core.naming.InvalidIdentifierException;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupFailed;
import com.aquastream.backup.events.StoredObject;
import com.aquastream.backup.events.Tier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BackupResultsTest {

    private static final Instant MONDAY = Instant.parse("2025-08-11T02:00:00Z");
    private static final Instant SUNDAY = Instant.parse("2025-08-17T02:00:00Z");
    private static final Instant NOW = Instant.parse("2025-08-17T03:00:00Z");

    private final InMemoryCatalog catalog = new InMemoryCatalog();
    private final List<Backup> outcomes = new ArrayList<>();
    private final List<SchemaRef> refusals = new ArrayList<>();
    private final List<SchemaRef> retentionRuns = new ArrayList<>();
    private final List<String> untrusted = new ArrayList<>();
    private final BackupOutcomes metrics = new BackupOutcomes() {
        @Override
        public void recorded(Backup backup) {
            outcomes.add(backup);
        }

        @Override
        public void refused(SchemaRef schema, boolean target, String reason) {
            refusals.add(schema);
        }

        @Override
        public void untrusted(String topic, SchemaRef schema, String reason) {
            untrusted.add(topic + ": " + reason);
        }
    };
    private final BackupResults results = new BackupResults(catalog, theManualsTargets(), catalog, catalog,
            (schema, now) -> retentionRuns.add(schema), metrics, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void recordsACompletedBackupWithItsObjectsAndRunsRetentionForItsSchema() {
        BackupCompleted completed = aCompletionOf(aSchema("user"), SUNDAY, Tier.DAILY, Tier.WEEKLY);

        Recorded recorded = results.completed(completed);

        Backup backup = catalog.find(completed.backupId()).orElseThrow();
        assertThat(recorded).isEqualTo(Recorded.NEW);
        assertThat(backup.status()).isEqualTo(BackupStatus.COMPLETED);
        assertThat(backup.objects()).extracting(CatalogObject::key).containsExactlyInAnyOrder(
                "postgres/aquastream/user_20250817.dump.gz", "postgres/aquastream/weekly_user_2025-33.dump.gz");
        assertThat(backup.tableRowCounts()).containsEntry("accounts", 10L);
        assertThat(retentionRuns).containsExactly(aSchema("user"));
        assertThat(outcomes).hasSize(1);
    }

    @Test
    void refusesACompletionStampedInTheFutureBeyondTheClockSkewAndRecordsNothing() {
        BackupCompleted forged = aCompletionOf(aSchema("user"), NOW.plus(Duration.ofDays(30)), Tier.DAILY);

        assertThatThrownBy(() -> results.completed(forged)).isInstanceOf(ResultTrust.UntrustedResultException.class)
                .hasMessageContaining("lies in the future");

        assertThat(catalog.all()).isEmpty();
        assertThat(retentionRuns).isEmpty();
        assertThat(outcomes).isEmpty();
        assertThat(untrusted).singleElement().asString().startsWith("backup.completed: occurredAt");
    }

    @Test
    void refusesACompletionWhoseStartAloneLiesInTheFuture() {
        BackupCompleted real = aCompletionOf(aSchema("user"), SUNDAY, Tier.DAILY);
        BackupCompleted forged = withTimes(real, real.occurredAt(), NOW.plus(Duration.ofMinutes(6)),
                real.finishedAt());

        assertThatThrownBy(() -> results.completed(forged)).isInstanceOf(ResultTrust.UntrustedResultException.class)
                .hasMessageContaining("startedAt");

        assertThat(catalog.all()).isEmpty();
    }

    @Test
    void acceptsACompletionAheadOfTheClockWithinTheSkew() {
        BackupCompleted real = aCompletionOf(aSchema("user"), SUNDAY, Tier.DAILY);
        BackupCompleted slightlyAhead = withTimes(real, NOW.plus(Duration.ofMinutes(4)),
                NOW.plus(Duration.ofMinutes(1)), NOW.plus(Duration.ofMinutes(4)));

        assertThat(results.completed(slightlyAhead)).isEqualTo(Recorded.NEW);
        assertThat(untrusted).isEmpty();
    }

    @Test
    void refusesAFailureStampedInTheFuture() {
        BackupFailed forged = aFailureOf(aSchema("user"), NOW.plus(Duration.ofDays(1)));

        assertThatThrownBy(() -> results.failed(forged)).isInstanceOf(ResultTrust.UntrustedResultException.class);

        assertThat(catalog.all()).isEmpty();
        assertThat(untrusted).singleElement().asString().startsWith("backup.failed: occurredAt");
    }

    @Test
    void refusesAKnownBackupIdAnnouncedWithAnotherChecksum() {
        BackupCompleted real = aCompletionOf(aSchema("user"), SUNDAY, Tier.DAILY);
        results.completed(real);
        BackupCompleted forged = withContent(reAnnounced(real), real.sizeBytes(), "ff".repeat(32));

        assertThatThrownBy(() -> results.completed(forged)).isInstanceOf(ResultTrust.UntrustedResultException.class)
                .hasMessageContaining("already known with sha256 " + real.sha256());

        assertThat(catalog.find(real.backupId()).orElseThrow().sha256()).isEqualTo(real.sha256());
        assertThat(outcomes).hasSize(1);
        assertThat(untrusted).hasSize(1);
    }

    @Test
    void refusesAKnownBackupIdAnnouncedWithAnotherSize() {
        BackupCompleted real = aCompletionOf(aSchema("user"), SUNDAY, Tier.DAILY);
        results.completed(real);
        BackupCompleted forged = withContent(reAnnounced(real), real.sizeBytes() + 1, real.sha256());

        assertThatThrownBy(() -> results.completed(forged)).isInstanceOf(ResultTrust.UntrustedResultException.class);

        assertThat(catalog.find(real.backupId()).orElseThrow().sizeBytes()).isEqualTo(real.sizeBytes());
    }

    @Test
    void acceptsAReAnnouncementWithTheSameContentAsAlreadyKnown() {
        BackupCompleted real = aCompletionOf(aSchema("user"), SUNDAY, Tier.DAILY);
        results.completed(real);

        Recorded again = results.completed(reAnnounced(real));

        assertThat(again).isEqualTo(Recorded.ALREADY_KNOWN);
        assertThat(untrusted).isEmpty();
    }

    private static BackupCompleted withTimes(BackupCompleted c, Instant occurredAt, Instant startedAt,
                                             Instant finishedAt) {
        return new BackupCompleted(c.eventId(), occurredAt, c.database(), c.schema(), c.requestId(), c.backupId(),
                c.tiers(), c.objects(), c.store(), c.sizeBytes(), c.sha256(), c.compression(), c.format(), startedAt,
                finishedAt, c.serverVersion(), c.toolVersion(), c.tableRowCounts());
    }

    private static BackupCompleted withContent(BackupCompleted c, long sizeBytes, String sha256) {
        return new BackupCompleted(c.eventId(), c.occurredAt(), c.database(), c.schema(), c.requestId(),
                c.backupId(), c.tiers(), c.objects(), c.store(), sizeBytes, sha256, c.compression(), c.format(),
                c.startedAt(), c.finishedAt(), c.serverVersion(), c.toolVersion(), c.tableRowCounts());
    }

    @Test
    void recordsTheSameCompletedEventOnlyOnce() {
        BackupCompleted completed = aCompletionOf(aSchema("user"), SUNDAY, Tier.DAILY);
        results.completed(completed);

        Recorded again = results.completed(completed);

        assertThat(again).isEqualTo(Recorded.DUPLICATE_EVENT);
        assertThat(catalog.all()).hasSize(1);
        assertThat(outcomes).hasSize(1);
        assertThat(retentionRuns).hasSize(1);
    }

    @Test
    void ignoresAReAnnouncedCompletionWithANewEventId() {
        BackupCompleted completed = aCompletionOf(aSchema("user"), SUNDAY, Tier.DAILY);
        results.completed(completed);

        Recorded again = results.completed(reAnnounced(completed));

        assertThat(again).isEqualTo(Recorded.ALREADY_KNOWN);
        assertThat(catalog.all()).hasSize(1);
        assertThat(outcomes).hasSize(1);
    }

    @Test
    void movesAWeeklyKeyToTheSundayBackupThatRewroteIt() {
        BackupCompleted monday = aCompletionOf(aSchema("user"), MONDAY.plusSeconds(86_400), Tier.DAILY, Tier.WEEKLY);
        BackupCompleted sunday = aCompletionOf(aSchema("user"), SUNDAY, Tier.DAILY, Tier.WEEKLY);
        results.completed(monday);

        results.completed(sunday);

        String weekly = "postgres/aquastream/weekly_user_2025-33.dump.gz";
        assertThat(catalog.find(sunday.backupId()).orElseThrow().objects()).extracting(CatalogObject::key)
                .contains(weekly);
        assertThat(catalog.find(monday.backupId()).orElseThrow().objects()).extracting(CatalogObject::key)
                .doesNotContain(weekly).hasSize(1);
    }

    @Test
    void leavesAKeyWithTheNewerBackupWhenAnOlderCompletionArrivesLate() {
        BackupCompleted tuesday = aCompletionOf(aSchema("user"), MONDAY.plusSeconds(86_400), Tier.DAILY, Tier.WEEKLY);
        BackupCompleted sunday = aCompletionOf(aSchema("user"), SUNDAY, Tier.DAILY, Tier.WEEKLY);
        results.completed(sunday);

        results.completed(tuesday);

        assertThat(catalog.find(sunday.backupId()).orElseThrow().objects()).hasSize(2);
        assertThat(catalog.find(tuesday.backupId()).orElseThrow().objects()).hasSize(1);
    }

    @Test
    void recordsAFailureUnderTheBackupIdItsCompletionWouldHave() {
        BackupFailed failed = aFailureOf(aSchema("crew"), SUNDAY);

        results.failed(failed);

        Backup backup = catalog.find(BackupIds.backupOf(failed.requestId())).orElseThrow();
        assertThat(backup.status()).isEqualTo(BackupStatus.FAILED);
        assertThat(backup.failureReason()).isEqualTo("connection refused");
        assertThat(backup.failedAttempt()).isEqualTo(3);
        assertThat(retentionRuns).isEmpty();
    }

    @Test
    void turnsAFailedBackupIntoACompletedOneWhenTheRequestLaterSucceeds() {
        SchemaRef crew = aSchema("crew");
        results.failed(aFailureOf(crew, SUNDAY));

        results.completed(aCompletionOf(crew, SUNDAY, Tier.DAILY));

        assertThat(catalog.all()).singleElement().extracting(Backup::status).isEqualTo(BackupStatus.COMPLETED);
    }

    @Test
    void keepsACompletedBackupCompletedWhenAFailureOfTheSameRequestFollows() {
        SchemaRef crew = aSchema("crew");
        results.completed(aCompletionOf(crew, SUNDAY, Tier.DAILY));

        Recorded recorded = results.failed(aFailureOf(crew, SUNDAY));

        assertThat(recorded).isEqualTo(Recorded.ALREADY_KNOWN);
        assertThat(catalog.all()).singleElement().extracting(Backup::status).isEqualTo(BackupStatus.COMPLETED);
    }

    @Test
    void refusesACompletionListingAKeyOfAnotherSchema() {
        BackupCompleted honest = aCompletionOf(aSchema("user"), SUNDAY, Tier.DAILY);
        BackupCompleted foreign = new BackupCompleted(honest.eventId(), honest.occurredAt(), "aquastream", "user",
                honest.requestId(), honest.backupId(), honest.tiers(),
                List.of(new StoredObject(Tier.DAILY, "postgres/aquastream/payment_20250817.dump.gz")), honest.store(),
                honest.sizeBytes(), honest.sha256(), honest.compression(), honest.format(), honest.startedAt(),
                honest.finishedAt(), honest.serverVersion(), honest.toolVersion(), honest.tableRowCounts());

        assertThatThrownBy(() -> results.completed(foreign)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not an object of aquastream.user");

        assertThat(catalog.all()).isEmpty();
    }

    @Test
    void refusesANameThatIsNotAPlainIdentifier() {
        BackupFailed hostile = new BackupFailed(UUID.randomUUID(), SUNDAY, "aquastream", "user; drop table x",
                UUID.randomUUID(), 0, false, "rejected: bad name");

        assertThatThrownBy(() -> results.failed(hostile)).isInstanceOf(InvalidIdentifierException.class);

        assertThat(catalog.all()).isEmpty();
    }

    @Test
    void remembersARefusalOfAnUnconfiguredSchemaWithoutMakingItABackupOrATarget() {
        BackupFailed refusal = aRefusalOf(aSchema("pg_catalog"), UUID.randomUUID());

        Recorded recorded = results.failed(refusal);

        assertThat(recorded).isEqualTo(Recorded.REFUSED);
        assertThat(catalog.all()).isEmpty();
        assertThat(catalog.schemas()).isEmpty();
        assertThat(outcomes).isEmpty();
        assertThat(refusals).containsExactly(aSchema("pg_catalog"));
        assertThat(catalog.recent(10)).singleElement().satisfies(r -> {
            assertThat(r.schema()).isEqualTo(aSchema("pg_catalog"));
            assertThat(r.requests()).isEqualTo(1);
            assertThat(r.lastRequestId()).isEqualTo(refusal.requestId());
            assertThat(r.lastReason()).isEqualTo(refusal.reason());
            assertThat(r.lastRefusedAt()).isEqualTo(NOW);
        });
    }

    @Test
    void countsEachRefusalOnceHoweverOftenItIsDelivered() {
        BackupFailed first = aRefusalOf(aSchema("pg_catalog"), UUID.randomUUID());
        BackupFailed second = aRefusalOf(aSchema("pg_catalog"), UUID.randomUUID());

        results.failed(first);
        Recorded redelivered = results.failed(first);
        results.failed(second);

        assertThat(redelivered).isEqualTo(Recorded.DUPLICATE_EVENT);
        assertThat(catalog.recent(10)).singleElement().satisfies(r -> {
            assertThat(r.requests()).isEqualTo(2);
            assertThat(r.lastRequestId()).isEqualTo(second.requestId());
        });
        assertThat(refusals).hasSize(2);
    }

    @Test
    void recordsARefusalOfAConfiguredSchemaAlsoAsItsFailedBackupSoItsStatusShowsIt() {
        BackupFailed refusal = aRefusalOf(aSchema("media"), UUID.randomUUID());

        Recorded recorded = results.failed(refusal);

        assertThat(recorded).isEqualTo(Recorded.NEW);
        Backup failed = catalog.find(BackupIds.backupOf(refusal.requestId())).orElseThrow();
        assertThat(failed.status()).isEqualTo(BackupStatus.FAILED);
        assertThat(failed.failureReason()).startsWith("rejected: ");
        assertThat(catalog.recent(10)).extracting(Refusal::schema).containsExactly(aSchema("media"));
        assertThat(refusals).containsExactly(aSchema("media"));
        assertThat(outcomes).containsExactly(failed);
    }

    @Test
    void keepsRecordingARealFailureOfAnUnconfiguredSchemaAsItsHistory() {
        BackupFailed failure = aFailureOf(aSchema("legacy"), SUNDAY);

        Recorded recorded = results.failed(failure);

        assertThat(recorded).isEqualTo(Recorded.NEW);
        assertThat(catalog.all()).extracting(Backup::status).containsExactly(BackupStatus.FAILED);
        assertThat(catalog.recent(10)).isEmpty();
        assertThat(refusals).isEmpty();
    }
}
