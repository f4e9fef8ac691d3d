package com.aquastream.backup.catalog.restores;

import static com.aquastream.backup.catalog.backups.CatalogFixtures.aCompletionOf;
import static com.aquastream.backup.catalog.backups.CatalogFixtures.aRefusalOf;
import static com.aquastream.backup.catalog.backups.CatalogFixtures.aSchema;
import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.catalog.backups.BackupIds;
import com.aquastream.backup.catalog.backups.BackupResults;
import com.aquastream.backup.catalog.backups.InMemoryCatalog;
import com.aquastream.backup.catalog.backups.Targets;
import com.aquastream.backup.catalog.schedule.SlotCalendar;
import com.aquastream.backup.core.security.RestoreSignatures;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.events.Tier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class VerificationDrillsTest {

    private static final Instant SLOT = Instant.parse("2025-07-01T04:00:00Z");
    private static final SlotCalendar MONTHLY = now -> now.isBefore(SLOT) ? Optional.empty() : Optional.of(SLOT);
    private static final RestoreSignatures SIGNATURES =
            new RestoreSignatures("a-drill-test-key-of-at-least-32-bytes".getBytes(StandardCharsets.UTF_8));
    private static final RestoreSigner SIGNER = new RestoreSigner() {
        @Override
        public RestoreRequested signed(RestoreRequested command) {
            return SIGNATURES.signed(command);
        }

        @Override
        public boolean enabled() {
            return true;
        }
    };

    private final InMemoryCatalog catalog = new InMemoryCatalog();
    private final InMemoryRestoreLog restores = new InMemoryRestoreLog();
    private final Targets targets = new Targets(List.of(aSchema("user"), aSchema("event"), aSchema("media")));

    @Test
    void verifiesTheNewestBackupOfEverySchemaThatHasOneWithoutASafetyBackup() {
        givenACompletedBackup("user", Instant.parse("2025-06-29T02:00:00Z"));
        givenACompletedBackup("user", Instant.parse("2025-06-30T02:00:00Z"));
        givenACompletedBackup("event", Instant.parse("2025-06-30T02:00:00Z"));

        List<RestoreRequested> issued = drills(SIGNER).tick(SLOT.plusSeconds(5));

        assertThat(issued).extracting(RestoreRequested::schema).containsExactly("event", "user");
        assertThat(issued).allSatisfy(c -> {
            assertThat(SIGNATURES.verify(c)).isTrue();
            assertThat(c.mode()).isEqualTo(RestoreMode.VERIFY);
            assertThat(c.safetyBackup()).isFalse();
            assertThat(c.requestedBy()).isEqualTo("catalog:drill");
            assertThat(c.restoreId()).isEqualTo(BackupIds.drillRestore(aSchema(c.schema()), SLOT));
        });
        assertThat(issued.get(1).key()).isEqualTo("postgres/aquastream/user_20250630.dump.gz");
        assertThat(catalog.published(RestoreRequested.class)).isEqualTo(issued);
    }

    @Test
    void issuesEachDrillOncePerSlotButDrillsASchemaThatGotItsFirstBackupLater() {
        givenACompletedBackup("user", Instant.parse("2025-06-30T02:00:00Z"));
        drills(SIGNER).tick(SLOT.plusSeconds(5));

        List<RestoreRequested> duplicateTick = drills(SIGNER).tick(SLOT.plusSeconds(5));
        givenACompletedBackup("media", Instant.parse("2025-07-01T02:00:00Z"));
        List<RestoreRequested> catchUp = drills(SIGNER).tick(SLOT.plusSeconds(600));

        assertThat(duplicateTick).isEmpty();
        assertThat(catchUp).extracting(RestoreRequested::schema).containsExactly("media");
        assertThat(catalog.published(RestoreRequested.class)).hasSize(2);
    }

    @Test
    void drillsOnlyTheConfiguredSchemasNotARefusedOneNorOneNoLongerConfigured() {
        givenACompletedBackup("user", Instant.parse("2025-06-30T02:00:00Z"));
        givenACompletedBackup("legacy", Instant.parse("2025-06-30T02:00:00Z"));
        new BackupResults(catalog, targets, catalog, catalog, (s, at) -> { }, b -> { }, Clock.fixed(SLOT, ZoneOffset.UTC))
                .failed(aRefusalOf(aSchema("pg_catalog"), UUID.randomUUID(), Instant.parse("2025-06-30T02:30:00Z")));

        List<RestoreRequested> issued = drills(SIGNER).tick(SLOT.plusSeconds(5));

        assertThat(issued).extracting(RestoreRequested::schema).containsExactly("user");
    }

    @Test
    void issuesNothingWithoutASigningKey() {
        givenACompletedBackup("user", Instant.parse("2025-06-30T02:00:00Z"));

        assertThat(drills(RestoreSigner.DISABLED).tick(SLOT.plusSeconds(5))).isEmpty();
        assertThat(catalog.outbox()).isEmpty();
    }

    @Test
    void alsoRunsAPitrDrillOfTheSameBackupForADatabaseWhoseClusterIsArchivedOncePerSlot() {
        givenACompletedBackup("user", Instant.parse("2025-06-30T02:00:00Z"));
        VerificationDrills withPitr = new VerificationDrills(MONTHLY, targets, catalog, restores, catalog, catalog,
                SIGNER, Set.of("aquastream"));

        List<RestoreRequested> issued = withPitr.tick(SLOT.plusSeconds(5));
        List<RestoreRequested> duplicateTick = withPitr.tick(SLOT.plusSeconds(5));

        assertThat(issued).extracting(RestoreRequested::mode)
                .containsExactly(RestoreMode.VERIFY, RestoreMode.PITR_VERIFY);
        RestoreRequested pitr = issued.get(1);
        assertThat(SIGNATURES.verify(pitr)).isTrue();
        assertThat(pitr.restoreId()).isEqualTo(BackupIds.pitrDrillRestore(aSchema("user"), SLOT))
                .isNotEqualTo(issued.get(0).restoreId());
        assertThat(pitr.key()).isEqualTo(issued.get(0).key());
        assertThat(pitr.sha256()).isEqualTo(issued.get(0).sha256());
        assertThat(duplicateTick).isEmpty();
        assertThat(drills(SIGNER).tick(SLOT.plusSeconds(5))).isEmpty();
    }

    private VerificationDrills drills(RestoreSigner signer) {
        return new VerificationDrills(MONTHLY, targets, catalog, restores, catalog, catalog, signer);
    }

    private void givenACompletedBackup(String schema, Instant slot) {
        new BackupResults(catalog, targets, catalog, catalog, (s, at) -> { }, b -> { }, Clock.fixed(slot, ZoneOffset.UTC))
                .completed(aCompletionOf(aSchema(schema), slot, Tier.DAILY));
    }
}
