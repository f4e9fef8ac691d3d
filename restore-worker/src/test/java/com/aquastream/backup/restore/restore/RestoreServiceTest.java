package com.aquastream.backup.restore.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aquastream.backup.core.security.RestoreSignatures;
import com.aquastream.backup.events.RestoreCompleted;
import com.aquastream.backup.events.RestoreEvent;
import com.aquastream.backup.events.RestoreFailed;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRejected;
import com.aquastream.backup.events.RestoreRequested;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RestoreServiceTest {

    private static final String KEY = "postgres/app/user_20250818.dump.gz";
    private static final RestoreSignatures SIGNER =
            new RestoreSignatures("unit-test-signing-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8));

    private final List<RestoreEvent> published = new CopyOnWriteArrayList<>();
    private final List<String> steps = new ArrayList<>();
    private final Clock clock = Clock.fixed(Instant.parse("2025-08-18T10:00:00Z"), ZoneOffset.UTC);

    private List<String> dependents = List.of();
    private SafetyBackups.Outcome safety = new SafetyBackups.Outcome.Taken("postgres/app/manual_user_x.dump.gz");

    @Test
    void takesTheSafetyBackupBeforeReplacingTheSchema() throws Exception {
        service().accept(aRestore(true)).run();

        assertThat(steps).containsExactly("fetch " + KEY, "dependents app.user", "safety app", "replace app.user");
        assertThat(published).singleElement().isInstanceOf(RestoreCompleted.class);
    }

    @Test
    void touchesNothingWhenTheSafetyBackupFails() throws Exception {
        safety = new SafetyBackups.Outcome.Failed("worker down");

        service().accept(aRestore(true)).run();

        assertThat(steps).doesNotContain("replace app.user");
        assertThat(published).singleElement().isInstanceOfSatisfying(RestoreFailed.class,
                f -> assertThat(f.reason()).contains("safety backup failed").contains("worker down"));
    }

    @Test
    void refusesWhenObjectsInOtherSchemasDependOnTheSchema() throws Exception {
        dependents = List.of("reporting.user_view (view)");

        service().accept(aRestore(false)).run();

        assertThat(steps).doesNotContain("replace app.user");
        assertThat(published).singleElement().isInstanceOfSatisfying(RestoreRejected.class,
                r -> assertThat(r.reason()).contains("reporting.user_view"));
    }

    @Test
    void rejectsAnUnsignedCommandBeforeAnyStep() {
        RestoreRequested signed = aRestore(false);
        RestoreRequested unsigned = new RestoreRequested(signed.eventId(), signed.occurredAt(), "app", "user",
                signed.restoreId(), null, KEY, null, RestoreMode.RESTORE, false, "ops", null);

        assertThatThrownBy(() -> service().accept(unsigned)).isInstanceOf(RejectedCommandException.class);

        assertThat(steps).isEmpty();
        assertThat(published).singleElement().isInstanceOf(RestoreRejected.class);
    }

    @Test
    void rejectsATargetOutsideTheAllowList() {
        RestoreRequested toProduction = SIGNER.signed(new RestoreRequested(UUID.randomUUID(), clock.instant(), "app",
                "user", UUID.randomUUID(), null, KEY, "production", RestoreMode.RESTORE, false, "ops", null));

        assertThatThrownBy(() -> service().accept(toProduction)).isInstanceOf(RejectedCommandException.class)
                .hasMessageContaining("allow-list");

        assertThat(steps).isEmpty();
    }

    private RestoreService service() {
        ArchiveFetcher fetcher = key -> {
            steps.add("fetch " + key);
            return new VerifiedArchive(Path.of("/nonexistent/archive"), key, UUID.randomUUID(), "ab".repeat(32),
                    "gzip", Map.of("accounts", 3L));
        };
        SchemaReplacer replacer = new SchemaReplacer() {
            @Override
            public List<String> dependentsOutside(String database, String schema) {
                steps.add("dependents " + database + "." + schema);
                return dependents;
            }

            @Override
            public void replace(String database, String schema, VerifiedArchive archive) {
                steps.add("replace " + database + "." + schema);
            }
        };
        SafetyBackups safetyBackups = (command, target) -> {
            steps.add("safety " + target);
            return safety;
        };
        return new RestoreService(SIGNER, new RestoreTargets(Set.of("app")), fetcher, replacer,
                (schema, archive) -> List.of(), safetyBackups, published::add, clock);
    }

    private RestoreRequested aRestore(boolean safetyBackup) {
        return SIGNER.signed(new RestoreRequested(UUID.randomUUID(), clock.instant(), "app", "user",
                UUID.randomUUID(), null, KEY, null, RestoreMode.RESTORE, safetyBackup, "ops", null));
    }
}
