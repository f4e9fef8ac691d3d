package com.aquastream.backup.restore.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.core.security.RestoreSignatures;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.restore.recovery.actuator.RestoresEndpoint;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator sees of a restore while it runs: the endpoint's rows and the gauges, read mid-restore. In the
 * feature's package, not the endpoint's: it drives the real (package-private) {@link RestoreService} and reads the
 * endpoint only through its public face, as the feature's configuration and Spring do.
 */
class RestoresEndpointTest {

    private static final String KEY = "postgres/app/user_20261125.dump.gz";
    private static final RestoreSignatures SIGNER =
            new RestoreSignatures("unit-test-signing-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Map<String, Object>> seen = new ArrayList<>();
    private final List<Double> gaugeWhileRestoring = new ArrayList<>();
    private RestoresEndpoint endpoint;

    @Test
    void showsTheRunningRestoreWithItsStepAndArchiveAndCountsItInTheGauges() throws Exception {
        Path archive = Files.write(dir.resolve("restore-1.archive"), new byte[4096]);
        RestoreService service = new RestoreService(SIGNER, new RestoreTargets(Set.of("app", "dr")),
                (database, schema, backupId, asOf) -> KEY,
                key -> new VerifiedArchive(archive, key, UUID.randomUUID(), "ab".repeat(32), "gzip", Map.of()),
                new WatchingReplacer(), (schema, a) -> List.of(), (SafetyBackups) (c, target) -> null,
                event -> { }, Clock.systemUTC());
        endpoint = new RestoresEndpoint(service.progress(), Clock.systemUTC(), registry);
        RestoreRequested command = SIGNER.signed(new RestoreRequested(UUID.randomUUID(), Instant.now(), "app",
                "user", UUID.randomUUID(), null, null, "dr", RestoreMode.RESTORE, false, "ops", null));

        service.accept(command).run();

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> running = (List<Map<String, Object>>) seen.get(0).get("running");
        assertThat(running).singleElement().satisfies(row -> {
            assertThat(row).containsEntry("restoreId", command.restoreId()).containsEntry("source", "app.user")
                    .containsEntry("target", "dr").containsEntry("mode", "RESTORE").containsEntry("archiveKey", KEY)
                    .containsEntry("archiveBytes", 4096L).containsKeys("startedAt", "runningSeconds",
                            "stepSeconds");
            assertThat(row.get("step")).hasToString("RESTORING");
        });
        assertThat(gaugeWhileRestoring).containsExactly(1.0);
        assertThat(endpoint.restores()).isEqualTo(Map.of("running", List.of()));
        assertThat(registry.get("restore_worker_restores_active").tag("step", "RESTORING").gauge().value())
                .isZero();
    }

    /** An absent schema, restored while the endpoint and the gauge are read. */
    private final class WatchingReplacer implements SchemaReplacer {
        @Override
        public boolean schemaExists(String database, String schema) {
            return false;
        }

        @Override
        public void createDatabaseIfMissing(String database) {
        }

        @Override
        public boolean discardUnfinishedRestore(String database, String schema) {
            return false;
        }

        @Override
        public List<SchemaReplacer.Dependent> dependentsOutside(String database, String schema) {
            return List.of();
        }

        @Override
        public List<com.aquastream.backup.events.DependentObject> replace(String database, String schema,
                                                                          VerifiedArchive archive,
                                                                          boolean dropDependents) {
            throw new AssertionError("an absent schema is not replaced");
        }

        @Override
        public void restoreAbsent(String database, String schema, VerifiedArchive archive) {
            seen.add(endpoint.restores());
            gaugeWhileRestoring.add(registry.get("restore_worker_restores_active").tag("step", "RESTORING").gauge()
                    .value());
        }
    }
}
