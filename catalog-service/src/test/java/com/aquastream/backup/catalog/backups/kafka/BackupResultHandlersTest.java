package com.aquastream.backup.catalog.backups.kafka;

import static com.aquastream.backup.catalog.backups.CatalogFixtures.aCompletionOf;
import static com.aquastream.backup.catalog.backups.CatalogFixtures.aSchema;
import static com.aquastream.backup.catalog.backups.CatalogFixtures.theManualsTargets;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aquastream.backup.catalog.backups.BackupOutcomes;
import com.aquastream.backup.catalog.backups.BackupResults;
import com.aquastream.backup.catalog.backups.InMemoryCatalog;
import com.aquastream.backup.core.platform.Transactions;
import com.aquastream.backup.core.consumer.Job;
import com.aquastream.backup.core.consumer.PermanentJobFailure;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.CloudEventHeaders;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.Tier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The catalog's inbound adapter under the platform's retry policy: what the catalog refuses is given up at once
 * ({@link PermanentJobFailure}: dead letter), an outage of its database is thrown as it is (delivered again).
 */
class BackupResultHandlersTest {

    private static final Instant NOW = Instant.parse("2025-08-17T03:00:00Z");
    private static final Instant SLOT = Instant.parse("2025-08-17T02:00:00Z");

    private final InMemoryCatalog catalog = new InMemoryCatalog();

    @Test
    void recordsACompletionWhenItsJobRuns() throws Exception {
        BackupCompleted completed = aCompletionOf(aSchema("user"), SLOT, Tier.DAILY);

        jobOf(givenResults(catalog), completed).run();

        assertThat(catalog.find(completed.backupId())).isPresent();
    }

    @Test
    void givesUpAtOnceOnAnUntrustedCompletion() throws Exception {
        BackupCompleted forged = aCompletionOf(aSchema("user"), NOW.plus(Duration.ofDays(30)), Tier.DAILY);
        Job job = jobOf(givenResults(catalog), forged);

        assertThatThrownBy(job::run).isInstanceOf(PermanentJobFailure.class).hasMessageContaining("lies in the future");

        assertThat(catalog.all()).isEmpty();
    }

    @Test
    void leavesADatabaseOutageToTheRedeliveries() throws Exception {
        Transactions databaseDown = new Transactions() {
            @Override
            public <T> T inTransaction(Supplier<T> work) {
                throw new IllegalStateException("could not open a connection: database down");
            }
        };
        Job job = jobOf(new BackupResults(catalog, theManualsTargets(), catalog, databaseDown, (schema, now) -> { },
                BackupOutcomes.NONE, Clock.fixed(NOW, ZoneOffset.UTC)),
                aCompletionOf(aSchema("user"), SLOT, Tier.DAILY));

        assertThatThrownBy(job::run).isInstanceOf(IllegalStateException.class)
                .isNotInstanceOf(PermanentJobFailure.class).hasMessageContaining("database down");
    }

    private static BackupResults givenResults(InMemoryCatalog catalog) {
        return new BackupResults(catalog, theManualsTargets(), catalog, catalog, (schema, now) -> { },
                BackupOutcomes.NONE, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static Job jobOf(BackupResults results, Event event) throws Exception {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(event.topic(), 0, 0L, event.messageKey(),
                new EventCodec().encode(event));
        record.headers().add(CloudEventHeaders.TYPE, event.type().getBytes(UTF_8));
        return BackupResultHandlers.completed(results).accept(record);
    }
}
