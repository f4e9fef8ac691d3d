package com.aquastream.backup.catalog.backups;

import static com.aquastream.backup.catalog.backups.CatalogFixtures.aCompletionOf;
import static com.aquastream.backup.catalog.backups.CatalogFixtures.aRefusalOf;
import static com.aquastream.backup.catalog.backups.CatalogFixtures.aSchema;
import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.events.Tier;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StatusReportTest {

    private static final Instant SLOT = Instant.parse("2025-08-17T02:00:00Z");
    private static final Instant NOW = Instant.parse("2025-08-17T03:00:00Z");

    private final InMemoryCatalog catalog = new InMemoryCatalog();
    private final Targets targets = new Targets(List.of(aSchema("user"), aSchema("event")));
    private final BackupResults results = new BackupResults(catalog, targets, catalog, catalog, SchemaChanges.NONE,
            BackupOutcomes.NONE, Clock.fixed(NOW, ZoneOffset.UTC));
    private final StatusReport report = new StatusReport(targets, catalog, catalog, catalog);

    @Test
    void checksEveryConfiguredSchemaAndNoOtherTheCatalogHeardOf() {
        results.completed(aCompletionOf(aSchema("user"), SLOT, Tier.DAILY));
        results.completed(aCompletionOf(aSchema("legacy"), SLOT, Tier.DAILY));
        results.failed(aRefusalOf(aSchema("pg_catalog"), UUID.randomUUID()));

        List<SchemaStatus> status = report.check(NOW);

        assertThat(status).extracting(SchemaStatus::line).containsExactly(
                "✗ event: NO BACKUP FOUND", "✓ user: user_20250817.dump.gz (1234 bytes)");
    }

    @Test
    void listsRefusedSchemasNewestFirstAndTellsWhetherTheyAreTargets() {
        new BackupResults(catalog, targets, catalog, catalog, SchemaChanges.NONE, BackupOutcomes.NONE,
                Clock.fixed(NOW.minusSeconds(60), ZoneOffset.UTC)).failed(aRefusalOf(aSchema("pg_catalog"),
                UUID.randomUUID()));
        results.failed(aRefusalOf(aSchema("event"), UUID.randomUUID()));

        List<StatusReport.Refused> refused = report.refused(10);

        assertThat(refused).extracting(r -> r.refusal().schema()).containsExactly(aSchema("event"),
                aSchema("pg_catalog"));
        assertThat(refused).extracting(StatusReport.Refused::target).containsExactly(true, false);
        assertThat(report.refused(1)).hasSize(1);
    }
}
