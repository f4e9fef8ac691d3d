package com.aquastream.backup.restore.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRequested;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ArchiveWeightsTest {

    private static final String KEY = "postgres/app/manual_user_20250818T100000Z.dump.gz";

    private final List<String> asked = new CopyOnWriteArrayList<>();

    @Test
    void aNamedArchiveWeighsItsRecordedSize() {
        ArchiveWeights weights = new ArchiveWeights(locatorOf("unused"), fetcherOf(4_200L, 0), Duration.ofSeconds(5));

        assertThat(weights.applyAsLong(command(KEY))).isEqualTo(4_200L);
        assertThat(asked).containsExactly("size " + KEY);
    }

    @Test
    void withoutAKeyTheArchiveIsFoundFirst() {
        ArchiveWeights weights = new ArchiveWeights(locatorOf(KEY), fetcherOf(77L, 0), Duration.ofSeconds(5));

        assertThat(weights.applyAsLong(command(null))).isEqualTo(77L);
        assertThat(asked).containsExactly("locate app.user", "size " + KEY);
    }

    @Test
    void anArchiveThatCannotBeFoundWeighsNothing() {
        ArchiveLocator missing = (database, schema, backupId, asOf) -> {
            throw new ArchiveFetcher.ArchiveRejectedException("no backup of " + schema, false);
        };
        ArchiveWeights weights = new ArchiveWeights(missing, fetcherOf(77L, 0), Duration.ofSeconds(5));

        assertThat(weights.applyAsLong(command(null))).isZero();
    }

    @Test
    void aSlowStoreIsGivenUpOnAfterTheLimitSoThePollThreadGoesOn() {
        ArchiveWeights weights = new ArchiveWeights(locatorOf(KEY), fetcherOf(77L, 10_000), Duration.ofMillis(200));

        long started = System.nanoTime();
        assertThat(weights.applyAsLong(command(KEY))).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    private ArchiveLocator locatorOf(String key) {
        return (database, schema, backupId, asOf) -> {
            asked.add("locate " + database + "." + schema);
            return key;
        };
    }

    private ArchiveFetcher fetcherOf(long size, long delayMillis) {
        return new ArchiveFetcher() {
            @Override
            public VerifiedArchive fetch(String key) {
                throw new AssertionError("weighing must not download");
            }

            @Override
            public long recordedSizeBytes(String key) throws IOException {
                asked.add("size " + key);
                try {
                    // A store that answers only after delayMillis (nothing ever releases the latch).
                    new CountDownLatch(1).await(delayMillis, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    throw new IOException("interrupted", e);
                }
                return size;
            }
        };
    }

    private static RestoreRequested command(String key) {
        return new RestoreRequested(UUID.randomUUID(), Instant.now(), "app", "user", UUID.randomUUID(), null, key,
                null, RestoreMode.RESTORE, false, "ops", null);
    }
}
