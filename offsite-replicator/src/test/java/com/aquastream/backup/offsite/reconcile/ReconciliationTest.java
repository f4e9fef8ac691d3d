package com.aquastream.backup.offsite.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.core.checksum.Sha256;
import com.aquastream.backup.core.crypto.Keyring;
import com.aquastream.backup.core.naming.BackupNaming;
import com.aquastream.backup.core.offsite.OffsiteCopies;
import com.aquastream.backup.core.store.InMemoryObjectStore;
import com.aquastream.backup.core.store.Sidecars;
import com.aquastream.backup.events.Tier;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReconciliationTest {

    private static final byte[] ARCHIVE = "an archive".getBytes(StandardCharsets.UTF_8);
    private static final String SHA = Sha256.of(ARCHIVE);
    private static final String DAILY = "postgres/app/user_20250817.dump.gz";
    private static final String WEEKLY = "postgres/app/weekly_user_2025-33.dump.gz";
    private static final String OLD_WEEKLY = "postgres/app/weekly_user_2025-20.dump.gz";

    private final InMemoryObjectStore primary = new InMemoryObjectStore();
    private final InMemoryObjectStore offsite = new InMemoryObjectStore();
    private final List<CatalogBackups.Backup> catalog = new ArrayList<>();
    private final Reconciliation reconciliation = new Reconciliation(
            database -> new CatalogBackups.Listing(catalog, false), primary, new OffsiteCopies(offsite,
            Keyring.empty()), EnumSet.of(Tier.WEEKLY, Tier.MONTHLY));

    @Test
    void findsNothingWhenTheStoresHoldWhatTheCatalogSays() throws Exception {
        givenACatalogedBackup(List.of(active(DAILY, "DAILY"), active(WEEKLY, "WEEKLY")));
        givenArchive(primary, DAILY, ARCHIVE);
        givenArchive(primary, WEEKLY, ARCHIVE);
        givenArchive(offsite, WEEKLY, ARCHIVE);

        ReconciliationReport report = reconciliation.run("app");

        assertThat(report.differences()).isEmpty();
        assertThat(report.primaryChecked()).isEqualTo(2);
        assertThat(report.offsiteChecked()).isEqualTo(1);
    }

    @Test
    void reportsAChangedByteAMissingOffsiteCopyAndAMissingManifest() throws Exception {
        givenACatalogedBackup(List.of(active(DAILY, "DAILY"), active(WEEKLY, "WEEKLY")));
        byte[] changed = ARCHIVE.clone();
        changed[3] ^= 1;
        givenArchive(primary, DAILY, changed);
        givenArchive(primary, WEEKLY, ARCHIVE);
        givenArchive(offsite, WEEKLY, ARCHIVE);
        offsite.delete(OffsiteCopies.manifestKey(WEEKLY));

        ReconciliationReport report = reconciliation.run("app");

        assertThat(report.differences()).extracting(d -> d.kind() + " " + d.store() + " " + d.key())
                .containsExactlyInAnyOrder("CHECKSUM_MISMATCH primary " + DAILY,
                        "MISSING offsite " + OffsiteCopies.manifestKey(WEEKLY));
    }

    @Test
    void anOffsiteCopyTheOffsiteRetentionKeepsLongerIsNotExtraButAPrimaryOneIs() throws Exception {
        givenACatalogedBackup(List.of(new CatalogBackups.StoredKey(OLD_WEEKLY, "WEEKLY", "EXPIRED")));
        givenArchive(primary, OLD_WEEKLY, ARCHIVE);
        givenArchive(offsite, OLD_WEEKLY, ARCHIVE);
        givenArchive(offsite, "postgres/app/weekly_user_2024-01.dump.gz", ARCHIVE);

        ReconciliationReport report = reconciliation.run("app");

        assertThat(report.differences()).extracting(d -> d.kind() + " " + d.store() + " " + d.key())
                .containsExactlyInAnyOrder("EXTRA primary " + OLD_WEEKLY,
                        "EXTRA offsite postgres/app/weekly_user_2024-01.dump.gz");
    }

    @Test
    void aWeeklyObjectThatNeverWentOffsiteIsMissingThere() throws Exception {
        givenACatalogedBackup(List.of(active(WEEKLY, "WEEKLY")));
        givenArchive(primary, WEEKLY, ARCHIVE);

        ReconciliationReport report = reconciliation.run("app");

        assertThat(report.differences()).singleElement()
                .satisfies(d -> assertThat(d.toString()).startsWith("MISSING offsite " + WEEKLY));
    }

    private void givenACatalogedBackup(List<CatalogBackups.StoredKey> objects) {
        catalog.add(new CatalogBackups.Backup(UUID.randomUUID(), "app", "user", "COMPLETED", SHA, objects));
    }

    private static CatalogBackups.StoredKey active(String key, String tier) {
        return new CatalogBackups.StoredKey(key, tier, "ACTIVE");
    }

    private static void givenArchive(InMemoryObjectStore store, String key, byte[] bytes) throws Exception {
        store.put(key, new ByteArrayInputStream(bytes));
        store.put(BackupNaming.sidecarKey(key), new ByteArrayInputStream(
                Sidecars.format(SHA, key).getBytes(StandardCharsets.UTF_8)));
        store.put(OffsiteCopies.manifestKey(key), new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)));
    }
}
