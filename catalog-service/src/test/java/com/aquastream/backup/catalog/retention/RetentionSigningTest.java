package com.aquastream.backup.catalog.retention;

import static com.aquastream.backup.catalog.backups.CatalogFixtures.aCompletionOf;
import static com.aquastream.backup.catalog.backups.CatalogFixtures.aSchema;
import static com.aquastream.backup.catalog.backups.CatalogFixtures.theManualsTargets;
import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.catalog.backups.Backup;
import com.aquastream.backup.catalog.backups.BackupResults;
import com.aquastream.backup.catalog.backups.BackupStatus;
import com.aquastream.backup.catalog.backups.InMemoryCatalog;
import com.aquastream.backup.catalog.backups.SchemaRef;
import com.aquastream.backup.core.security.ExpirySignatures;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupExpired;
import com.aquastream.backup.events.Tier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Retention as the deleters see it: every expiry signed, stating pinned=false, and none without a key. */
class RetentionSigningTest {

    private static final Instant DAY_1 = Instant.parse("2025-08-04T02:00:00Z");
    private static final SchemaRef USER = aSchema("user");
    private static final ExpirySignatures KEY = new ExpirySignatures("expiry-7",
            "the-catalogs-expiry-key-0123456789".getBytes(StandardCharsets.UTF_8));
    private static final ExpirySigner SIGNER = new ExpirySigner() {
        @Override
        public BackupExpired signed(BackupExpired expiry) {
            return KEY.signed(expiry);
        }

        @Override
        public boolean enabled() {
            return true;
        }
    };

    private final InMemoryCatalog catalog = new InMemoryCatalog();

    @Test
    void issuesEachExpirySignedWithTheExpiryKeyAndStatingTheBackupIsNotPinned() {
        List<BackupCompleted> days = givenDailyBackups(SIGNER, 8);

        List<BackupExpired> expiries = catalog.published(BackupExpired.class);

        assertThat(expiries).singleElement().satisfies(e -> {
            assertThat(e.backupId()).isEqualTo(days.get(0).backupId());
            assertThat(e.pinned()).isFalse();
            assertThat(e.keyId()).isEqualTo("expiry-7");
            assertThat(KEY.check(e).valid()).isTrue();
        });
    }

    @Test
    void expiresNothingWithoutASigningKeyAndThePlanSaysWhy() {
        givenDailyBackups(ExpirySigner.DISABLED, 9);
        Retention retention = retention(ExpirySigner.DISABLED);

        RetentionPlan plan = retention.dryRun(USER, DAY_1.plus(Duration.ofDays(9))).get(0);

        assertThat(catalog.published(BackupExpired.class)).isEmpty();
        assertThat(catalog.all()).extracting(Backup::status).containsOnly(BackupStatus.COMPLETED);
        assertThat(plan.expiredObjects()).isEmpty();
        assertThat(plan.pausedBecause()).contains("EXPIRY_SIGNING_KEY");
    }

    @Test
    void neverIssuesAnExpiryOfAPinnedBackup() {
        List<BackupCompleted> days = givenDailyBackups(SIGNER, 1);
        catalog.save(catalog.find(days.get(0).backupId()).orElseThrow().withPinned(true));

        givenMoreDailyBackups(SIGNER, days, 9);

        assertThat(catalog.published(BackupExpired.class)).extracting(BackupExpired::backupId)
                .hasSize(2).doesNotContain(days.get(0).backupId());
        assertThat(catalog.published(BackupExpired.class)).allSatisfy(e -> assertThat(e.pinned()).isFalse());
    }

    private List<BackupCompleted> givenDailyBackups(ExpirySigner signer, int count) {
        return givenMoreDailyBackups(signer, new ArrayList<>(), count);
    }

    private List<BackupCompleted> givenMoreDailyBackups(ExpirySigner signer, List<BackupCompleted> days, int count) {
        List<BackupCompleted> all = new ArrayList<>(days);
        BackupResults results = new BackupResults(catalog, theManualsTargets(), catalog, catalog, retention(signer),
                backup -> { }, Clock.fixed(DAY_1.plus(Duration.ofDays(30)), ZoneOffset.UTC));
        for (int i = 0; i < count; i++) {
            BackupCompleted day = aCompletionOf(USER, DAY_1.plus(Duration.ofDays(all.size())), Tier.DAILY);
            results.completed(day);
            all.add(day);
        }
        return all;
    }

    private Retention retention(ExpirySigner signer) {
        return new Retention(catalog, catalog, catalog, new RetentionPolicy(RetentionSettings.manualDefaults()),
                signer);
    }
}
