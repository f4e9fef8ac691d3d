package com.aquastream.backup.restore.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.restore.recovery.RestoreProgress.Step;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RestoreProgressTest {

    private Instant now = Instant.parse("2026-11-26T01:00:00Z");
    private final RestoreProgress progress = new RestoreProgress(new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    @Test
    void tracksEachRestoreFromItsStartThroughItsStepsToItsEnd() {
        RestoreRequested first = aCommand("user", "dr_target");
        RestoreRequested second = aCommand("event", null);
        progress.begin(first);
        now = now.plusSeconds(5);
        progress.begin(second);
        progress.archive(first.restoreId(), "postgres/app/user_20261125.dump.gz", 200_000_000L);
        now = now.plusSeconds(7);
        progress.step(first.restoreId(), Step.RESTORING);

        assertThat(progress.active()).extracting(RestoreProgress.Active::source)
                .containsExactly("app.user", "app.event");
        RestoreProgress.Active a = progress.active().get(0);
        assertThat(a.step()).isEqualTo(Step.RESTORING);
        assertThat(a.stepSince()).isEqualTo(now);
        assertThat(a.target()).isEqualTo("dr_target");
        assertThat(a.archiveBytes()).isEqualTo(200_000_000L);
        assertThat(a.elapsed(now)).isEqualTo(Duration.ofSeconds(12));
        assertThat(progress.active().get(1).target()).isEqualTo("app");
        assertThat(progress.countsByStep()).containsEntry(Step.RESTORING, 1L)
                .containsEntry(Step.LOCATING_ARCHIVE, 1L).containsEntry(Step.VERIFYING, 0L)
                .containsEntry(Step.RECOVERING, 0L).hasSize(Step.values().length);

        progress.end(first.restoreId());
        progress.step(first.restoreId(), Step.VERIFYING); // a late update of an ended restore changes nothing

        assertThat(progress.active()).extracting(RestoreProgress.Active::restoreId)
                .containsExactly(second.restoreId());
    }

    private static RestoreRequested aCommand(String schema, String target) {
        return new RestoreRequested(UUID.randomUUID(), Instant.now(), "app", schema, UUID.randomUUID(), null, null,
                target, RestoreMode.RESTORE, false, "ops", null);
    }
}
