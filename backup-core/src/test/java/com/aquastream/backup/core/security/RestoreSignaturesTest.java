package com.aquastream.backup.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRequested;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class RestoreSignaturesTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private final RestoreSignatures signatures = new RestoreSignatures(KEY);

    @Test
    void acceptsACommandSignedWithTheSharedKey() {
        RestoreRequested signed = signatures.signed(aRestoreOf("user"));

        assertThat(signatures.verify(signed)).isTrue();
    }

    @Test
    void refusesAnUnsignedCommand() {
        assertThat(signatures.verify(aRestoreOf("user"))).isFalse();
    }

    @Test
    void refusesACommandSignedWithAnotherKey() {
        RestoreSignatures other = new RestoreSignatures("another-key-another-key-another-k".getBytes(StandardCharsets.UTF_8));

        assertThat(signatures.verify(other.signed(aRestoreOf("user")))).isFalse();
    }

    @Test
    void treatsTheDefaultsAndTheirExplicitValuesAlike() {
        RestoreRequested implicit = aRestoreOf("user");
        RestoreRequested explicit = new RestoreRequested(implicit.eventId(), implicit.occurredAt(), "app", "user",
                implicit.restoreId(), implicit.backupId(), null, "app", RestoreMode.RESTORE, true, "ops", null);

        assertThat(signatures.sign(explicit)).isEqualTo(signatures.sign(implicit));
    }

    @Test
    void signsACommandWithoutTheLaterFieldsExactlyAsVersion1Did() {
        RestoreRequested c = aRestoreOf("user");
        String v1 = "restore.requested.v1\neventId=" + c.eventId() + "\noccurredAt=2025-08-18T10:00:00Z\n"
                + "database=app\nschema=user\nrestoreId=" + c.restoreId() + "\nbackupId=" + c.backupId() + "\n"
                + "key=\ntargetDatabase=app\nmode=RESTORE\nsafetyBackup=true\nrequestedBy=ops\n";

        assertThat(RestoreSignatures.canonical(c)).isEqualTo(v1);
        assertThat(RestoreSignatures.canonical(withForce(c, false))).isEqualTo(v1);
        assertThat(RestoreSignatures.canonical(withForce(c, true))).isEqualTo(v1 + "force=true\n");
    }

    @Test
    void signsTheArchivesSha256AsALineOfItsOwnOnlyWhenSetAndInLowerCase() {
        RestoreRequested c = aRestoreOf("user");
        String sha256 = "AB".repeat(32);

        assertThat(RestoreSignatures.canonical(c.withSha256(sha256)))
                .isEqualTo(RestoreSignatures.canonical(c) + "sha256=" + "ab".repeat(32) + "\n");
        assertThat(signatures.sign(c.withSha256(sha256))).isEqualTo(signatures.sign(c.withSha256("ab".repeat(32))));
    }

    @Test
    void refusesASha256AddedToOrRemovedFromACapturedCommand() {
        RestoreRequested unbound = signatures.signed(aRestoreOf("user"));
        RestoreRequested bound = signatures.signed(aRestoreOf("user").withSha256("ab".repeat(32)));

        assertThat(signatures.verify(unbound.withSha256("ab".repeat(32)))).isFalse();
        assertThat(signatures.verify(bound.withSha256(null))).isFalse();
        assertThat(signatures.verify(bound)).isTrue();
    }

    @Test
    void refusesAForceAddedToACapturedCommand() {
        RestoreRequested signed = signatures.signed(aRestoreOf("user"));

        assertThat(signatures.verify(withForce(signed, true))).isFalse();
    }

    private static RestoreRequested withForce(RestoreRequested c, boolean force) {
        return new RestoreRequested(c.eventId(), c.occurredAt(), c.database(), c.schema(), c.restoreId(),
                c.backupId(), c.key(), c.targetDatabase(), c.mode(), c.safetyBackup(), c.requestedBy(),
                c.signature(), force, c.asOf(), c.batchId());
    }

    @Test
    void refusesKeysShorterThan32Bytes() {
        assertThatThrownBy(() -> new RestoreSignatures(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesToSignALineBreakThatCouldForgeAField() {
        RestoreRequested c = aRestoreOf("user");
        RestoreRequested forged = new RestoreRequested(c.eventId(), c.occurredAt(), c.database(), c.schema(),
                c.restoreId(), c.backupId(), "k\ntargetDatabase=prod", null, c.mode(), null, c.requestedBy(), "00");

        assertThatThrownBy(() -> signatures.sign(forged)).isInstanceOf(IllegalArgumentException.class);
        assertThat(signatures.verify(forged)).isFalse();
    }

    @Property(tries = 200)
    void anyChangeOfAFieldBreaksTheSignature(@ForAll("commands") RestoreRequested command,
                                             @ForAll("tamperings") int field) {
        RestoreRequested signed = signatures.signed(command);

        RestoreRequested tampered = tamper(signed, field);

        assertThat(signatures.verify(tampered)).isFalse();
    }

    @Provide
    Arbitrary<RestoreRequested> commands() {
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12);
        return Combinators.combine(names, names, names, Arbitraries.of(RestoreMode.class),
                        Arbitraries.of(Boolean.TRUE, Boolean.FALSE, null), names)
                .as((db, schema, target, mode, safety, by) -> new RestoreRequested(UUID.randomUUID(),
                        Instant.ofEpochSecond(1_700_000_000L), db, schema, UUID.randomUUID(), UUID.randomUUID(),
                        null, target, mode, safety, by, null))
                .flatMap(c -> Combinators.combine(Arbitraries.of(Boolean.TRUE, Boolean.FALSE, null),
                                Arbitraries.of(Instant.parse("2025-08-01T00:00:00Z"), null),
                                Arbitraries.of(UUID.randomUUID(), null))
                        .as((force, asOf, batch) -> new RestoreRequested(c.eventId(), c.occurredAt(), c.database(),
                                c.schema(), c.restoreId(), c.backupId(), c.key(), c.targetDatabase(), c.mode(),
                                c.safetyBackup(), c.requestedBy(), null, force, asOf, batch)))
                .flatMap(c -> Arbitraries.of("0123456789abcdef".repeat(4), null).map(c::withSha256));
    }

    @Provide
    Arbitrary<Integer> tamperings() {
        return Arbitraries.integers().between(0, 11);
    }

    private static RestoreRequested tamper(RestoreRequested c, int field) {
        return new RestoreRequested(c.eventId(), c.occurredAt(),
                field == 0 ? c.database() + "x" : c.database(),
                field == 1 ? c.schema() + "x" : c.schema(),
                field == 2 ? UUID.randomUUID() : c.restoreId(),
                field == 3 ? UUID.randomUUID() : c.backupId(),
                field == 4 ? "postgres/x/y.dump.gz" : c.key(),
                field == 5 ? c.targetDatabaseOrDefault() + "x" : c.targetDatabase(),
                field == 6 ? (c.mode() == RestoreMode.RESTORE ? RestoreMode.VERIFY : RestoreMode.RESTORE) : c.mode(),
                field == 7 ? Boolean.valueOf(!c.safetyBackupOrDefault()) : c.safetyBackup(),
                c.requestedBy(), c.signature(),
                field == 8 ? Boolean.valueOf(!c.forceOrDefault()) : c.force(),
                field == 9 ? (c.asOf() == null ? Instant.EPOCH : c.asOf().plusSeconds(1)) : c.asOf(),
                field == 10 ? UUID.randomUUID() : c.batchId(),
                field == 11 ? (c.sha256() == null ? "ab".repeat(32) : null) : c.sha256());
    }

    private static RestoreRequested aRestoreOf(String schema) {
        return new RestoreRequested(UUID.randomUUID(), Instant.parse("2025-08-18T10:00:00Z"), "app", schema,
                UUID.randomUUID(), UUID.randomUUID(), null, null, RestoreMode.RESTORE, null, "ops", null);
    }
}
