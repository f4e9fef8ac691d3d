package com.aquastream.backup.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aquastream.backup.events.BackupExpired;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.StoredObject;
import com.aquastream.backup.events.Tier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ExpirySignaturesTest {

    /** The documented test key: the golden {@code backup.expired.json} of backup-events is signed with it. */
    static final byte[] TEST_KEY = "expiry-test-key-0123456789abcdefgh".getBytes(StandardCharsets.UTF_8);
    private static final String GOLDEN_SIGNATURE =
            "bba60b38548742adbc181662a879108c99260f51be464a48a6206fe75b908554";

    private final ExpirySignatures signatures = new ExpirySignatures("expiry-2025-08", TEST_KEY);

    @Test
    void acceptsAnExpirySignedWithTheSharedKey() {
        BackupExpired signed = signatures.signed(anExpiry());

        assertThat(signatures.check(signed)).isEqualTo(new SignatureCheck.Valid("expiry-2025-08"));
        assertThat(signed.keyId()).isEqualTo("expiry-2025-08");
    }

    @Test
    void refusesAnUnsignedExpiry() {
        SignatureCheck check = signatures.check(anExpiry());

        assertThat(check).isInstanceOf(SignatureCheck.Invalid.class);
        assertThat(((SignatureCheck.Invalid) check).reason()).contains("not signed");
    }

    @Test
    void refusesAnExpirySignedWithAnotherKeyUnderTheSameId() {
        ExpirySignatures other = new ExpirySignatures("expiry-2025-08",
                "another-key-another-key-another-key".getBytes(StandardCharsets.UTF_8));

        SignatureCheck check = signatures.check(other.signed(anExpiry()));

        assertThat(((SignatureCheck.Invalid) check).reason()).contains("does not match");
    }

    @Test
    void refusesAnExpirySignedWithAKeyIdItDoesNotHold() {
        ExpirySignatures other = new ExpirySignatures("someone-else", TEST_KEY);

        SignatureCheck check = signatures.check(other.signed(anExpiry()));

        assertThat(((SignatureCheck.Invalid) check).reason()).contains("'someone-else'")
                .contains("[expiry-2025-08]");
    }

    @Test
    void acceptsAnExpirySignedWithAPreviousKeyAfterARotation() {
        ExpirySignatures before = new ExpirySignatures("expiry-2025-07",
                "the-july-key-0123456789abcdefghijk".getBytes(StandardCharsets.UTF_8));
        ExpirySignatures after = new ExpirySignatures("expiry-2025-08", TEST_KEY,
                ExpirySignatures.parseKeys("expiry-2025-07=the-july-key-0123456789abcdefghijk"));

        assertThat(after.check(before.signed(anExpiry())).valid()).isTrue();
        assertThat(after.signed(anExpiry()).keyId()).isEqualTo("expiry-2025-08");
    }

    @Test
    void refusesAKeyIdChangedOnASignedExpiry() {
        ExpirySignatures both = new ExpirySignatures("a", TEST_KEY, Map.of("b", TEST_KEY));
        BackupExpired signed = both.signed(anExpiry());

        assertThat(both.check(signed.withSignature("b", signed.signature())).valid()).isFalse();
    }

    @Test
    void signsTheCanonicalFieldsInTheirDocumentedOrder() {
        BackupExpired golden = theGoldenExpiry();

        String canonical = ExpirySignatures.canonical(golden);

        assertThat(canonical).isEqualTo("""
                backup.expired.v1
                keyId=expiry-2025-08
                eventId=3e9c5d6b-4f7a-4b8c-9d2e-3f4a5b6c7d8e
                occurredAt=2025-08-18T03:15:00Z
                database=aquastream
                schema=user
                backupId=7c1d3e50-9f2a-4b3c-8d6e-0f1a2b3c4d5e
                pinned=false
                objects=1
                object=DAILY postgres/aquastream/user_20250718.dump.gz
                reason=daily retention: keep 30 days
                """);
    }

    @Test
    void signsTheGoldenExpiryWithTheTestKeyAsTheGoldenFileSays() {
        assertThat(signatures.signed(theGoldenExpiry()).signature()).isEqualTo(GOLDEN_SIGNATURE);
    }

    @Test
    void acceptsTheContractsGoldenExpiryUnderTheTestKey() throws Exception {
        byte[] golden = Files.readAllBytes(Path.of("..", "backup-events", "src", "test", "resources", "golden",
                "backup.expired.json"));

        BackupExpired decoded = new EventCodec().decode(golden, BackupExpired.class);

        assertThat(signatures.check(decoded).valid()).isTrue();
    }

    @Test
    void refusesKeysShorterThan32BytesAndKeyIdsThatAreNotPlain() {
        assertThatThrownBy(() -> new ExpirySignatures("k", new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExpirySignatures("k\nx", TEST_KEY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExpirySignatures("", TEST_KEY)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesALineBreakThatCouldForgeAField() {
        BackupExpired e = anExpiry();
        BackupExpired forged = new BackupExpired(e.eventId(), e.occurredAt(), e.database(), e.schema(), e.backupId(),
                e.objects(), "r\npinned=false", false, "expiry-2025-08", "00");

        assertThatThrownBy(() -> signatures.signed(forged)).isInstanceOf(IllegalArgumentException.class);
        assertThat(signatures.check(forged).valid()).isFalse();
    }

    @Property(tries = 300)
    void anyChangeOfASignedFieldBreaksTheSignature(@ForAll("expiries") BackupExpired expiry,
                                                   @ForAll("tamperings") int field) {
        BackupExpired signed = signatures.signed(expiry);

        BackupExpired tampered = tamper(signed, field);

        assertThat(signatures.check(tampered).valid()).isFalse();
    }

    @Property(tries = 100)
    void everySignedExpiryVerifies(@ForAll("expiries") BackupExpired expiry) {
        assertThat(signatures.check(signatures.signed(expiry)).valid()).isTrue();
    }

    @Provide
    Arbitrary<BackupExpired> expiries() {
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12);
        Arbitrary<StoredObject> objects = Combinators.combine(Arbitraries.of(Tier.class), names)
                .as((tier, name) -> new StoredObject(tier, "postgres/app/" + name + ".dump.gz"));
        Arbitrary<String> reasons = Arbitraries.strings().ofMaxLength(40)
                .filter(s -> s.indexOf('\n') < 0 && s.indexOf('\r') < 0);
        return Combinators.combine(names, names, objects.list().ofMinSize(1).ofMaxSize(4), reasons,
                        Arbitraries.of(Boolean.TRUE, Boolean.FALSE, null),
                        Arbitraries.longs().between(0, 4_000_000_000L))
                .as((db, schema, list, reason, pinned, seconds) -> new BackupExpired(UUID.randomUUID(),
                        Instant.ofEpochSecond(seconds), db, schema, UUID.randomUUID(), list, reason, pinned, null,
                        null));
    }

    @Provide
    Arbitrary<Integer> tamperings() {
        return Arbitraries.integers().between(0, 12);
    }

    private static BackupExpired tamper(BackupExpired e, int field) {
        List<StoredObject> objects = new ArrayList<>(e.objects());
        switch (field) {
            case 9 -> objects.add(new StoredObject(Tier.WEEKLY, "postgres/app/weekly_x_2025-01.dump.gz"));
            case 10 -> objects.set(0, new StoredObject(objects.get(0).tier(), objects.get(0).key() + "x"));
            case 11 -> objects.set(0, new StoredObject(objects.get(0).tier() == Tier.DAILY ? Tier.WEEKLY : Tier.DAILY,
                    objects.get(0).key()));
            case 12 -> {
                if (objects.size() > 1) {
                    objects.remove(objects.size() - 1);
                } else {
                    objects.add(objects.get(0));
                }
            }
            default -> {
            }
        }
        return new BackupExpired(
                field == 0 ? UUID.randomUUID() : e.eventId(),
                field == 1 ? e.occurredAt().plusMillis(1) : e.occurredAt(),
                field == 2 ? e.database() + "x" : e.database(),
                field == 3 ? e.schema() + "x" : e.schema(),
                field == 4 ? UUID.randomUUID() : e.backupId(),
                objects,
                field == 5 ? e.reason() + "." : e.reason(),
                field == 6 ? (Boolean.FALSE.equals(e.pinned()) ? Boolean.TRUE : Boolean.FALSE) : e.pinned(),
                e.keyId(),
                field == 7 ? flipLastHexDigit(e.signature()) : field == 8 ? null : e.signature());
    }

    private static String flipLastHexDigit(String hex) {
        char last = hex.charAt(hex.length() - 1);
        return hex.substring(0, hex.length() - 1) + (last == '0' ? '1' : '0');
    }

    private static BackupExpired anExpiry() {
        return new BackupExpired(UUID.randomUUID(), Instant.parse("2025-08-18T03:15:00Z"), "app", "user",
                UUID.randomUUID(), List.of(new StoredObject(Tier.DAILY, "postgres/app/user_20250718.dump.gz")),
                "retention: beyond the newest 7 DAILY", false, null, null);
    }

    /** The event of backup-events' golden {@code backup.expired.json}. */
    private static BackupExpired theGoldenExpiry() {
        return new BackupExpired(UUID.fromString("3e9c5d6b-4f7a-4b8c-9d2e-3f4a5b6c7d8e"),
                Instant.parse("2025-08-18T03:15:00Z"), "aquastream", "user",
                UUID.fromString("7c1d3e50-9f2a-4b3c-8d6e-0f1a2b3c4d5e"),
                List.of(new StoredObject(Tier.DAILY, "postgres/aquastream/user_20250718.dump.gz")),
                "daily retention: keep 30 days", false, "expiry-2025-08", null);
    }
}
