package com.aquastream.backup.restore.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aquastream.backup.core.pitr.PitrFailedException;
import com.aquastream.backup.core.security.RestoreSignatures;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.DependentObject;
import com.aquastream.backup.events.RestoreCompleted;
import com.aquastream.backup.events.RestoreEvent;
import com.aquastream.backup.events.RestoreFailed;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRejected;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.events.RestoreVerified;
import com.aquastream.backup.events.StoredObject;
import com.aquastream.backup.events.TableCheck;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.WalEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    private final List<String> observed = new ArrayList<>();
    private final List<RestoreProgress.Active> seenWhileRestoring = new ArrayList<>();
    private RestoreService current;
    private List<SchemaReplacer.Dependent> dependents = List.of();
    private List<DependentObject> dropped = List.of();
    private boolean schemaExists = true;
    private boolean unfinishedRestoreLeft = false;
    private SafetyBackups.Outcome safety = new SafetyBackups.Outcome.Taken("postgres/app/manual_user_x.dump.gz");
    /** Shared by every service() of a test, as the store's ledger is by every worker instance. */
    private final RestoreLedger remembered = RestoreLedger.inMemory();
    private boolean ledgerUnreadable;
    private final RestoreLedger ledger = new RestoreLedger() {
        @Override
        public Optional<State> stateOf(UUID restoreId) throws IOException {
            if (ledgerUnreadable) {
                throw new IOException("store unreachable");
            }
            return remembered.stateOf(restoreId);
        }

        @Override
        public void accepted(RestoreRequested command) throws IOException {
            remembered.accepted(command);
        }

        @Override
        public void finished(RestoreRequested command, String outcome) throws IOException {
            remembered.finished(command, outcome);
        }
    };
    private PointInTime pitr = PointInTime.unavailable("not in this test");
    private BackupCompleted recorded;
    private Map<String, Long> countsAtSnapshot = Map.of("accounts", 3L);
    private ArchiveLocator lastLocator;
    private ArchiveFetcher lastFetcher;
    private SchemaReplacer lastReplacer;
    private SafetyBackups lastSafety;

    @Test
    void takesTheSafetyBackupBeforeReplacingTheSchema() throws Exception {
        service().accept(aRestore(true)).run();

        assertThat(steps).containsExactly("fetch " + KEY, "create app if missing", "discard unfinished app.user",
                "exists app.user", "dependents app.user", "safety app", "replace app.user");
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
        dependents = List.of(aView());

        service().accept(aRestore(false)).run();

        assertThat(steps).doesNotContain("replace app.user");
        assertThat(published).singleElement().isInstanceOfSatisfying(RestoreRejected.class,
                r -> assertThat(r.reason()).contains("reporting.user_view (view)"));
    }

    @Test
    void replacesWithTheDependentsWhenForcedAndAnswersWhatBecameOfThem() throws Exception {
        dependents = List.of(aView());
        dropped = List.of(new DependentObject("reporting", "user_view", "view", DependentObject.RECREATED, null,
                "CREATE VIEW reporting.user_view AS SELECT 1"), new DependentObject("reporting",
                "fk on orders", "foreign key", DependentObject.LOST, "Key (user_id)=(3) is not present", "ALTER …"));

        service().accept(forced(aRestore(false))).run();

        assertThat(steps).contains("replace app.user dropping dependents");
        assertThat(published).singleElement().isInstanceOfSatisfying(RestoreCompleted.class,
                r -> assertThat(r.dependents()).isEqualTo(dropped));
    }

    @Test
    void refusesEvenWhenForcedToDropAColumnOfAnotherSchemaThatHoldsData() throws Exception {
        dependents = List.of(aView(), new SchemaReplacer.Dependent("crew", "members.role", "column", true));

        service().accept(forced(aRestore(false))).run();

        assertThat(steps).doesNotContain("replace app.user dropping dependents");
        assertThat(published).singleElement().isInstanceOfSatisfying(RestoreRejected.class, r -> {
            assertThat(r.code()).isEqualTo(RestoreRejected.DEPENDENTS);
            assertThat(r.reason()).contains("crew.members.role (column)").doesNotContain("user_view");
        });
    }

    @Test
    void answersWithoutDependentsWhenNothingOfOtherSchemasWasDropped() throws Exception {
        service().accept(aRestore(false)).run();

        assertThat(published).singleElement().isInstanceOfSatisfying(RestoreCompleted.class,
                r -> assertThat(r.dependents()).isNull());
    }

    private static SchemaReplacer.Dependent aView() {
        return new SchemaReplacer.Dependent("reporting", "user_view", "view", false);
    }

    @Test
    void restoresAnAbsentSchemaInParallelWithoutASafetyBackup() throws Exception {
        schemaExists = false;

        service().accept(aRestore(true)).run();

        assertThat(steps).containsExactly("fetch " + KEY, "create app if missing", "discard unfinished app.user",
                "exists app.user", "absent app.user");
        assertThat(published).singleElement().isInstanceOf(RestoreCompleted.class);
    }

    @Test
    void dropsAnUnfinishedRestoreOfAnEarlierAttemptAndRestoresTheSchemaAsAbsentWithoutASafetyBackup()
            throws Exception {
        unfinishedRestoreLeft = true;

        service().accept(aRestore(true)).run();

        assertThat(steps).containsExactly("fetch " + KEY, "create app if missing", "discard unfinished app.user",
                "exists app.user", "absent app.user");
        assertThat(published).singleElement().isInstanceOf(RestoreCompleted.class);
    }

    @Test
    void findsTheArchiveOfACommandThatNamesOnlyABackupOrATime() throws Exception {
        Instant asOf = Instant.parse("2025-08-17T00:00:00Z");
        RestoreRequested byTime = SIGNER.signed(new RestoreRequested(UUID.randomUUID(), clock.instant(), "app",
                "user", UUID.randomUUID(), null, null, null, RestoreMode.RESTORE, false, "ops", null, null, asOf,
                null));

        service().accept(byTime).run();

        assertThat(steps).startsWith("locate app.user backup=null asOf=" + asOf, "fetch " + KEY);
        assertThat(published).singleElement().isInstanceOf(RestoreCompleted.class);
    }

    @Test
    void refusesAKeyThatHoldsAnotherBackupThanTheCommandNames() throws Exception {
        RestoreRequested c = aRestore(false);
        RestoreRequested otherBackup = SIGNER.signed(new RestoreRequested(c.eventId(), c.occurredAt(), "app",
                "user", c.restoreId(), UUID.randomUUID(), KEY, null, RestoreMode.RESTORE, false, "ops", null));

        service().accept(otherBackup).run();

        assertThat(steps).containsExactly("fetch " + KEY);
        assertThat(published).singleElement().isInstanceOfSatisfying(RestoreRejected.class,
                r -> assertThat(r.code()).isEqualTo(RestoreRejected.INVALID_COMMAND));
    }

    @Test
    void refusesToRestoreRedisRemotelyButAcceptsItsVerification() {
        RestoreRequested restoreRedis = SIGNER.signed(new RestoreRequested(UUID.randomUUID(), clock.instant(),
                "redis", "cache", UUID.randomUUID(), null, null, null, RestoreMode.RESTORE, false, "ops", null));
        RestoreRequested verifyRedis = SIGNER.signed(new RestoreRequested(UUID.randomUUID(), clock.instant(),
                "redis", "cache", UUID.randomUUID(), null, null, null, RestoreMode.VERIFY, false, "ops", null));

        assertThatThrownBy(() -> service().accept(restoreRedis)).isInstanceOf(RejectedCommandException.class)
                .hasMessageContaining("bin/restore-redis");
        assertThat(service().accept(verifyRedis)).isNotNull();
    }

    private static RestoreRequested forced(RestoreRequested c) {
        return SIGNER.signed(new RestoreRequested(c.eventId(), c.occurredAt(), c.database(), c.schema(),
                c.restoreId(), c.backupId(), c.key(), c.targetDatabase(), c.mode(), c.safetyBackup(),
                c.requestedBy(), null, true, null, null));
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

    @Test
    void showsARunningRestoreInTheStepItIsInAndForgetsItWhenAnswered() throws Exception {
        RestoreRequested c = aRestore(true);

        service().accept(c).run();

        assertThat(observed).containsExactly("fetch: DOWNLOADING", "safety: SAFETY_BACKUP", "replace: RESTORING");
        assertThat(seenWhileRestoring).singleElement().satisfies(a -> {
            assertThat(a.restoreId()).isEqualTo(c.restoreId());
            assertThat(a.source()).isEqualTo("app.user");
            assertThat(a.target()).isEqualTo("app");
            assertThat(a.mode()).isEqualTo("RESTORE");
            assertThat(a.archiveKey()).isEqualTo(KEY);
        });
        assertThat(current.progress().active()).isEmpty();
        assertThat(current.progress().countsByStep()).containsValues(0L).doesNotContainValue(1L);
    }

    @Test
    void aRestoreOfAnAbsentSchemaGoesStraightToRestoring() throws Exception {
        schemaExists = false;

        service().accept(aRestore(true)).run();

        assertThat(observed).containsExactly("fetch: DOWNLOADING", "absent: RESTORING");
    }

    @Test
    void forgetsRestoresThatFailedOrWereRefused() throws Exception {
        safety = new SafetyBackups.Outcome.Failed("worker down");
        service().accept(aRestore(true)).run();
        dependents = List.of(aView());
        current.accept(aRestore(false)).run();

        assertThat(published).hasSize(2);
        assertThat(current.progress().active()).isEmpty();
    }

    @Test
    void anAcceptedRestoreWeighsWhatTheWeigherSays() {
        RestoreService weighing = new RestoreService(SIGNER, new RestoreTargets(Set.of("app")),
                (database, schema, backupId, asOf) -> KEY, key -> null, null, (schema, archive) -> List.of(),
                (command, target) -> safety, published::add, clock, command -> command.schema().length() * 1000L);

        assertThat(weighing.accept(aRestore(false)).weight()).isEqualTo(4000L);
        assertThat(service().accept(aRestore(false)).weight()).isZero();
    }

    @Test
    void answersASecondDeliveryOfAFinishedCommandReplayedAndTouchesNothing() throws Exception {
        RestoreRequested command = aRestore(false);
        service().accept(command).run();
        steps.clear();
        published.clear();

        assertThatThrownBy(() -> service().accept(command)).isInstanceOf(RejectedCommandException.class);

        assertThat(steps).isEmpty();
        assertThat(published).singleElement().isInstanceOfSatisfying(RestoreRejected.class, r -> {
            assertThat(r.code()).isEqualTo(RestoreRejected.REPLAYED);
            assertThat(r.restoreId()).isEqualTo(command.restoreId());
        });
    }

    @Test
    void redoesACommandWhoseFirstRunNeverFinished() throws Exception {
        RestoreRequested command = aRestore(false);
        service().accept(command); // accepted, then the worker died before the job ran (or during it)

        service().accept(command).run();

        assertThat(steps).contains("replace app.user");
        assertThat(published).singleElement().isInstanceOf(RestoreCompleted.class);
    }

    @Test
    void redoesAnUnfinishedCommandEvenWhenItIsOlderThanTheMaximumAgeByNow() throws Exception {
        RestoreRequested command = aRestoreIssuedAt(clock.instant().minus(Duration.ofMinutes(10)));
        service().accept(command);
        Clock anHourLater = Clock.offset(clock, Duration.ofHours(1));

        serviceAt(anHourLater).accept(command).run();

        assertThat(published).singleElement().isInstanceOf(RestoreCompleted.class);
    }

    @Test
    void answersADuplicateThatWaitedBehindTheFirstRunReplayed() throws Exception {
        RestoreRequested command = aRestore(false);
        RestoreService service = service();
        var first = service.accept(command);
        var duplicate = service.accept(command);

        first.run();
        steps.clear();
        duplicate.run();

        assertThat(steps).isEmpty();
        assertThat(published).hasSize(2).last().isInstanceOfSatisfying(RestoreRejected.class,
                r -> assertThat(r.code()).isEqualTo(RestoreRejected.REPLAYED));
    }

    @Test
    void remembersAFailedRestoreAsFinishedToo() throws Exception {
        safety = new SafetyBackups.Outcome.Failed("worker down");
        RestoreRequested command = aRestore(true);
        service().accept(command).run();

        assertThatThrownBy(() -> service().accept(command)).isInstanceOf(RejectedCommandException.class)
                .hasMessageContaining("already ran");
    }

    @Test
    void checksTheLedgerAgainWhenTheRestoreStartsIfItWasUnreadableOnArrival() throws Exception {
        ledgerUnreadable = true;
        var job = service().accept(aRestore(false));
        ledgerUnreadable = false;

        job.run();

        assertThat(published).singleElement().isInstanceOf(RestoreCompleted.class);
    }

    @Test
    void touchesNothingAndHasTheCommandDeliveredAgainWhileTheLedgerStaysUnreadable() {
        ledgerUnreadable = true;
        var job = service().accept(aRestore(false));

        assertThatThrownBy(job::run).isInstanceOf(UncheckedIOException.class);

        assertThat(steps).isEmpty();
        assertThat(published).isEmpty();
    }

    @Test
    void rejectsACommandOlderThanTheMaximumAgeAsExpired() {
        RestoreRequested stale = aRestoreIssuedAt(clock.instant().minus(Duration.ofMinutes(16)));

        assertThatThrownBy(() -> service().accept(stale)).isInstanceOf(RejectedCommandException.class);

        assertThat(steps).isEmpty();
        assertThat(published).singleElement().isInstanceOfSatisfying(RestoreRejected.class, r -> {
            assertThat(r.code()).isEqualTo(RestoreRejected.EXPIRED);
            assertThat(r.reason()).contains("restore.max-command-age");
        });
    }

    @Test
    void rejectsACommandFromTheFutureBeyondTheClockSkewAsExpired() {
        RestoreRequested early = aRestoreIssuedAt(clock.instant().plus(Duration.ofMinutes(2)));

        assertThatThrownBy(() -> service().accept(early)).isInstanceOf(RejectedCommandException.class);

        assertThat(published).singleElement().isInstanceOfSatisfying(RestoreRejected.class,
                r -> assertThat(r.code()).isEqualTo(RestoreRejected.EXPIRED));
    }

    @Test
    void acceptsACommandWithinTheAgeAndTheSkew() {
        assertThat(service().accept(aRestoreIssuedAt(clock.instant().minus(Duration.ofMinutes(14))))).isNotNull();
        assertThat(service().accept(aRestoreIssuedAt(clock.instant().plus(Duration.ofSeconds(50))))).isNotNull();
        assertThat(published).isEmpty();
    }

    @Test
    void doesNotRecordAnUnsignedCommandSoItsSignedTwinStillRuns() throws Exception {
        RestoreRequested signed = aRestore(false);
        RestoreRequested unsigned = signed.withSignature(null);
        assertThatThrownBy(() -> service().accept(unsigned)).isInstanceOf(RejectedCommandException.class);

        service().accept(signed).run();

        assertThat(published).last().isInstanceOf(RestoreCompleted.class);
    }

    @Test
    void refusesAnArchiveWhoseBytesHaveAnotherSha256ThanTheSignedCommand() throws Exception {
        RestoreRequested bound = SIGNER.signed(aRestore(false).withSha256("cd".repeat(32)));

        service().accept(bound).run();

        assertThat(steps).containsExactly("fetch " + KEY);
        assertThat(published).singleElement().isInstanceOfSatisfying(RestoreRejected.class, r -> {
            assertThat(r.code()).isEqualTo(RestoreRejected.CHECKSUM_MISMATCH);
            assertThat(r.reason()).contains("ab".repeat(32)).contains("cd".repeat(32));
        });
    }

    @Test
    void restoresAnArchiveWhoseBytesHaveTheSignedSha256() throws Exception {
        RestoreRequested bound = SIGNER.signed(aRestore(false).withSha256("AB".repeat(32)));

        service().accept(bound).run();

        assertThat(published).singleElement().isInstanceOf(RestoreCompleted.class);
    }

    @Test
    void rejectsASha256ThatIsNoDigestAsAnInvalidCommand() {
        RestoreRequested bound = SIGNER.signed(aRestore(false).withSha256("not-a-digest"));

        assertThatThrownBy(() -> service().accept(bound)).isInstanceOf(RejectedCommandException.class);

        assertThat(published).singleElement().isInstanceOfSatisfying(RestoreRejected.class,
                r -> assertThat(r.code()).isEqualTo(RestoreRejected.INVALID_COMMAND));
    }

    @Test
    void rejectsACommandWhoseSha256WasChangedAfterSigning() {
        RestoreRequested tampered = aRestore(false).withSha256("ab".repeat(32));

        assertThatThrownBy(() -> service().accept(tampered)).isInstanceOf(RejectedCommandException.class)
                .hasMessageContaining("signature");
    }

    private static final Instant MISTAKE = Instant.parse("2025-08-18T09:00:00Z");
    private static final String BASE_KEY = "basebackup/main/20250817T010000Z-1a2b3c4d/base.tar.gz";

    private PointInTime recoveringTo(List<String> log) {
        return new PointInTime() {
            @Override
            public SchemaAsOf schemaAsOf(String database, String schema, Instant target) {
                log.add("pitr " + database + "." + schema + " at " + target);
                steps.add("pitr " + database + "." + schema);
                return new SchemaAsOf(new VerifiedArchive(Path.of("/nonexistent/pitr.dump.gz"), BASE_KEY,
                        UUID.fromString("1a2b3c4d-0000-4000-8000-000000000001"), "cd".repeat(32), "gzip",
                        Map.of("accounts", 3L)), target.minusSeconds(2), false);
            }

            @Override
            public Map<String, Long> rowCountsAt(String database, String schema, String lsn) {
                log.add("counts " + database + "." + schema + " at " + lsn);
                return countsAtSnapshot;
            }

            @Override
            public ClusterAsOf clusterAsOf(Instant target) {
                log.add("cluster at " + target);
                return new ClusterAsOf(Path.of("/var/tmp/recovered/data"), BASE_KEY,
                        UUID.fromString("1a2b3c4d-0000-4000-8000-000000000001"), "cd".repeat(32),
                        target.minusSeconds(2), false, "start it");
            }
        };
    }

    private RestoreRequested aPitr(String database, String schema, Instant asOf) {
        return SIGNER.signed(new RestoreRequested(UUID.randomUUID(), clock.instant(), database, schema,
                UUID.randomUUID(), null, null, null, RestoreMode.PITR, true, "ops", null, false, asOf, null));
    }

    @Test
    void pitrOfASchemaReplacesItWithItsStateAtTheTargetAfterTheSafetyBackup() throws Exception {
        List<String> recovered = new ArrayList<>();
        pitr = recoveringTo(recovered);

        service().accept(aPitr("app", "user", MISTAKE)).run();

        assertThat(recovered).containsExactly("pitr app.user at " + MISTAKE);
        assertThat(steps).containsExactly("pitr app.user", "create app if missing", "discard unfinished app.user",
                "exists app.user", "dependents app.user", "safety app", "replace app.user");
        assertThat(published).singleElement().isInstanceOfSatisfying(RestoreCompleted.class, r -> {
            assertThat(r.key()).isEqualTo(BASE_KEY);
            assertThat(r.checks()).containsExactly(new TableCheck("accounts", 3, 3));
            assertThat(r.recoveredTo()).isEqualTo(MISTAKE.minusSeconds(2));
            assertThat(r.endOfArchive()).isFalse();
            assertThat(r.dataDirectory()).isNull();
        });
    }

    @Test
    void pitrNeedsATargetTimeAndTakesNoArchive() {
        RestoreRequested noTime = aPitr("app", "user", null);
        RestoreRequested withKey = SIGNER.signed(new RestoreRequested(UUID.randomUUID(), clock.instant(), "app",
                "user", UUID.randomUUID(), null, KEY, null, RestoreMode.PITR, true, "ops", null, false, MISTAKE,
                null));

        assertThatThrownBy(() -> service().accept(noTime)).isInstanceOf(RejectedCommandException.class)
                .hasMessageContaining("asOf");
        assertThatThrownBy(() -> service().accept(withKey)).isInstanceOf(RejectedCommandException.class)
                .hasMessageContaining("takes no key");
        assertThat(steps).isEmpty();
    }

    @Test
    void aMissingWalSegmentFailsThePitrNamingItAndTouchesNothing() throws Exception {
        pitr = failingWith(new PitrFailedException(PitrFailedException.Reason.MISSING_SEGMENT,
                "000000010000000000000005", "point-in-time recovery of main stopped: WAL segment"
                + " 000000010000000000000005 is missing from the archive", null));

        service().accept(aPitr("app", "user", MISTAKE)).run();

        assertThat(steps).isEmpty();
        assertThat(published).singleElement().isInstanceOfSatisfying(RestoreFailed.class, f ->
                assertThat(f.reason()).contains("000000010000000000000005", "app.user is as it was before"));
    }

    @Test
    void noBaseBackupBeforeTheTargetIsRefusedAsUnavailable() throws Exception {
        pitr = failingWith(new PitrFailedException(PitrFailedException.Reason.NO_BASE_BACKUP, null,
                "no base backup of cluster main had finished before " + MISTAKE, null));

        service().accept(aPitr("app", "user", MISTAKE)).run();

        assertThat(published).singleElement().isInstanceOfSatisfying(RestoreRejected.class,
                r -> assertThat(r.code()).isEqualTo(RestoreRejected.ARCHIVE_UNAVAILABLE));
    }

    @Test
    void aSchemaThatDidNotExistAtTheTargetIsRefused() throws Exception {
        pitr = failingWith(new PointInTime.SchemaAbsentException("schema user did not exist in database app"));

        service().accept(aPitr("app", "user", MISTAKE)).run();

        assertThat(steps).isEmpty();
        assertThat(published).singleElement().isInstanceOfSatisfying(RestoreRejected.class,
                r -> assertThat(r.reason()).contains("did not exist"));
    }

    @Test
    void pitrOfTheWholeClusterAnswersWithTheRecoveredDirectoryAndTouchesNoDatabase() throws Exception {
        List<String> recovered = new ArrayList<>();
        pitr = recoveringTo(recovered);

        service().accept(aPitr("main", WalEvent.CLUSTER_SCHEMA, MISTAKE)).run();

        assertThat(recovered).containsExactly("cluster at " + MISTAKE);
        assertThat(steps).isEmpty();
        assertThat(published).singleElement().isInstanceOfSatisfying(RestoreCompleted.class, r -> {
            assertThat(r.key()).isEqualTo(BASE_KEY);
            assertThat(r.dataDirectory()).isEqualTo("/var/tmp/recovered/data");
            assertThat(r.nextSteps()).isEqualTo("start it");
            assertThat(r.recoveredTo()).isEqualTo(MISTAKE.minusSeconds(2));
        });
    }

    private BackupCompleted aRecordAt(String snapshotLsn) {
        UUID backupId = UUID.fromString("7c1d3e50-9f2a-4b3c-8d6e-0f1a2b3c4d5e");
        return new BackupCompleted(UUID.randomUUID(), MISTAKE, "app", "user", UUID.randomUUID(), backupId,
                List.of(Tier.DAILY), List.of(new StoredObject(Tier.DAILY, KEY)), "filesystem", 10, "ab".repeat(32),
                "gzip", "pg_dump-custom", MISTAKE, MISTAKE, "15.8", "pg_dump 15.8", Map.of("accounts", 3L), MISTAKE,
                snapshotLsn);
    }

    private RestoreRequested aPitrDrill() {
        return SIGNER.signed(new RestoreRequested(UUID.randomUUID(), clock.instant(), "app", "user",
                UUID.randomUUID(), null, KEY, null, RestoreMode.PITR_VERIFY, false, "catalog-service/drills", null,
                false, null, null).withSha256("ab".repeat(32)));
    }

    @Test
    void thePitrDrillRecoversToTheBackupsSnapshotAndAgreesWithItsCounts() throws Exception {
        List<String> recovered = new ArrayList<>();
        pitr = recoveringTo(recovered);
        recorded = aRecordAt("0/3000148");

        service().accept(aPitrDrill()).run();

        assertThat(recovered).containsExactly("counts app.user at 0/3000148");
        assertThat(steps).containsExactly("record " + KEY);
        assertThat(published).singleElement().isInstanceOfSatisfying(RestoreVerified.class, v -> {
            assertThat(v.key()).isEqualTo(KEY);
            assertThat(v.checks()).containsExactly(new TableCheck("accounts", 3, 3));
        });
    }

    @Test
    void thePitrDrillFailsNamingTheTablesWhereTheArchiveAndTheBackupDisagree() throws Exception {
        pitr = recoveringTo(new ArrayList<>());
        recorded = aRecordAt("0/3000148");
        countsAtSnapshot = Map.of("accounts", 2L, "added_later", 5L);

        service().accept(aPitrDrill()).run();

        assertThat(published).singleElement().isInstanceOfSatisfying(RestoreFailed.class, f -> assertThat(f.reason())
                .contains("accounts (backup 3 rows, recovered 2)", "added_later (backup 0 rows, recovered 5)"));
    }

    @Test
    void aPitrDrillOfABackupWithoutItsSnapshotsWalPositionIsRefused() throws Exception {
        List<String> recovered = new ArrayList<>();
        pitr = recoveringTo(recovered);
        recorded = aRecordAt(null);

        service().accept(aPitrDrill()).run();

        assertThat(recovered).isEmpty();
        assertThat(published).singleElement().isInstanceOfSatisfying(RestoreRejected.class,
                r -> assertThat(r.reason()).contains("no known point"));
    }

    private static PointInTime failingWith(IOException failure) {
        return new PointInTime() {
            @Override
            public SchemaAsOf schemaAsOf(String database, String schema, Instant target) throws IOException {
                throw failure;
            }

            @Override
            public ClusterAsOf clusterAsOf(Instant target) throws IOException {
                throw failure;
            }

            @Override
            public Map<String, Long> rowCountsAt(String database, String schema, String lsn) throws IOException {
                throw failure;
            }
        };
    }

    /** The same ports and ledger as {@link #service()}, on another clock. */
    private RestoreService serviceAt(Clock at) {
        service();
        current = new RestoreService(SIGNER, new RestoreTargets(Set.of("app")), lastLocator, lastFetcher,
                lastReplacer, (schema, archive) -> List.of(), lastSafety, published::add, at, command -> 0, ledger,
                RestoreService.Freshness.DEFAULT, pitr);
        return current;
    }

    private RestoreRequested aRestoreIssuedAt(Instant occurredAt) {
        return SIGNER.signed(new RestoreRequested(UUID.randomUUID(), occurredAt, "app", "user",
                UUID.randomUUID(), null, KEY, null, RestoreMode.RESTORE, false, "ops", null));
    }

    private RestoreService service() {
        ArchiveFetcher fetcher = new ArchiveFetcher() {
            @Override
            public VerifiedArchive fetch(String key) {
                steps.add("fetch " + key);
                observe("fetch");
                return new VerifiedArchive(Path.of("/nonexistent/archive"), key, UUID.randomUUID(), "ab".repeat(32),
                        "gzip", Map.of("accounts", 3L));
            }

            @Override
            public BackupCompleted recordOf(String key) throws ArchiveRejectedException {
                steps.add("record " + key);
                if (recorded == null) {
                    throw new ArchiveRejectedException("no record of archive " + key, false);
                }
                return recorded;
            }
        };
        SchemaReplacer replacer = new SchemaReplacer() {
            @Override
            public List<SchemaReplacer.Dependent> dependentsOutside(String database, String schema) {
                steps.add("dependents " + database + "." + schema);
                return dependents;
            }

            @Override
            public List<DependentObject> replace(String database, String schema, VerifiedArchive archive,
                                                 boolean dropDependents) {
                steps.add("replace " + database + "." + schema + (dropDependents ? " dropping dependents" : ""));
                observe("replace");
                seenWhileRestoring.addAll(current.progress().active());
                return dropped;
            }

            @Override
            public boolean schemaExists(String database, String schema) {
                steps.add("exists " + database + "." + schema);
                return schemaExists;
            }

            @Override
            public void createDatabaseIfMissing(String database) {
                steps.add("create " + database + " if missing");
            }

            @Override
            public boolean discardUnfinishedRestore(String database, String schema) {
                steps.add("discard unfinished " + database + "." + schema);
                boolean left = unfinishedRestoreLeft;
                if (left) {
                    unfinishedRestoreLeft = false;
                    schemaExists = false; // the partial schema is dropped with its mark
                }
                return left;
            }

            @Override
            public void restoreAbsent(String database, String schema, VerifiedArchive archive) {
                steps.add("absent " + database + "." + schema);
                observe("absent");
            }
        };
        ArchiveLocator locator = (database, schema, backupId, asOf) -> {
            steps.add("locate " + database + "." + schema + " backup=" + backupId + " asOf=" + asOf);
            return KEY;
        };
        SafetyBackups safetyBackups = (command, target) -> {
            steps.add("safety " + target);
            observe("safety");
            return safety;
        };
        lastLocator = locator;
        lastFetcher = fetcher;
        lastReplacer = replacer;
        lastSafety = safetyBackups;
        current = new RestoreService(SIGNER, new RestoreTargets(Set.of("app")), locator, fetcher, replacer,
                (schema, archive) -> List.of(), safetyBackups, published::add, clock, command -> 0, ledger,
                RestoreService.Freshness.DEFAULT, pitr);
        return current;
    }

    /** The step the service shows for its one running restore while a port is called. */
    private void observe(String port) {
        current.progress().active().forEach(a -> observed.add(port + ": " + a.step()));
    }

    private RestoreRequested aRestore(boolean safetyBackup) {
        return SIGNER.signed(new RestoreRequested(UUID.randomUUID(), clock.instant(), "app", "user",
                UUID.randomUUID(), null, KEY, null, RestoreMode.RESTORE, safetyBackup, "ops", null));
    }
}
