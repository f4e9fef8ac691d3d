package com.aquastream.backup.core.crypto;

import static com.aquastream.backup.core.crypto.Keysets.LEGACY_FIXTURE_CONTEXT;
import static com.aquastream.backup.core.crypto.Keysets.LEGACY_FIXTURE_KEY;
import static com.aquastream.backup.core.crypto.OffsiteEncryptionTest.decrypt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aquastream.backup.core.checksum.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The read-only decoder of copies written before Tink, proven on a fixture that the last version of the legacy
 * encrypting code wrote (format version 2, segments of 256 bytes, {@code src/test/resources/crypto/legacy-v2}) and on
 * a version-1 stream: old copies still decrypt with their raw key, and still refuse every alteration.
 */
class LegacyFormatTest {

    private static final Keyring LEGACY = Keyring.legacy(List.of(LEGACY_FIXTURE_KEY));
    /** Written by format version 1 before version 2 existed: key "k1" = 32 bytes of 7, segment size 32. */
    private static final String V1_GOLDEN = "QVFTRQEAAAAgAmsxq2x0LKXrI25TNO4Fa+yXaJWLrbFAbtHfPU5Ocz8dIhjeN49Doy43lUss01njps"
            + "WyKsEMtRcosrDVv6w/YtUD0uuuQruJKPrzIQHdLQXcASeyWdddH/zUInRuXfPiNZEXefX0RiRFjhklJByZA4KH1OQZZfO8kK9PYQq90eT"
            + "69S1G4oLF8OgpWDGosyZATv4MWFWi3r861FC4Cr1EMDS0Zx/fjGcgA2AAOzbSoiUVeV8RaQY4FY84MTp5qMS8ouafjY33S3lOeAmJIKW"
            + "MvXaad8OfXokVFGYiq4xjfdX6jxb3iPBYOSwnyfbU7Ys=";

    @Example
    void theFixtureWrittenByTheLegacyEncryptorDecryptsToItsPlaintext() throws IOException {
        byte[] plaintext = decrypt(Keysets.legacyFixture(), LEGACY, LEGACY_FIXTURE_CONTEXT, 100);

        assertThat(Sha256.of(plaintext)).isEqualTo(Keysets.LEGACY_FIXTURE_PLAINTEXT_SHA256);
        assertThat(new String(plaintext, StandardCharsets.UTF_8)).isEqualTo(Keysets.legacyFixturePlaintext());
        assertThat(decrypt(Keysets.legacyFixture(), LEGACY, LEGACY_FIXTURE_CONTEXT, 1)).isEqualTo(plaintext);
    }

    @Example
    void aKeyringWithAKeysetAndTheLegacyKeyReadsOldAndNewCopies() throws IOException {
        Keyring both = Keyring.of(Keysets.aKeyset(), List.of(LEGACY_FIXTURE_KEY));
        byte[] fresh = OffsiteEncryptionTest.encrypt("a Tink copy".getBytes(StandardCharsets.UTF_8), both,
                LEGACY_FIXTURE_CONTEXT);

        assertThat(Sha256.of(decrypt(Keysets.legacyFixture(), both, LEGACY_FIXTURE_CONTEXT, 64)))
                .isEqualTo(Keysets.LEGACY_FIXTURE_PLAINTEXT_SHA256);
        assertThat(decrypt(fresh, both, LEGACY_FIXTURE_CONTEXT, 64)).asString(StandardCharsets.UTF_8)
                .isEqualTo("a Tink copy");
    }

    @Property(tries = 300)
    void anySingleFlippedBitOfTheFixtureIsRefused(@ForAll @IntRange(min = 0, max = 6804) int position,
                                                  @ForAll @IntRange(min = 0, max = 7) int bit) {
        byte[] ciphertext = Keysets.legacyFixture();
        ciphertext[position] ^= (byte) (1 << bit);

        assertThatThrownBy(() -> decrypt(ciphertext, LEGACY, LEGACY_FIXTURE_CONTEXT, 64))
                .isInstanceOf(DecryptionException.class);
    }

    @Property(tries = 200)
    void anyTruncationOrExtensionOfTheFixtureIsRefused(@ForAll @IntRange(min = 0, max = 6900) int length) {
        byte[] fixture = Keysets.legacyFixture();
        byte[] changed = Arrays.copyOf(fixture, length == fixture.length ? length + 1 : length);

        assertThatThrownBy(() -> decrypt(changed, LEGACY, LEGACY_FIXTURE_CONTEXT, 64))
                .isInstanceOf(DecryptionException.class);
    }

    @Example
    void theFixtureDecryptsOnlyWithItsKeyAndAsTheCopyOfItsObjectKeyAndBackup() {
        byte[] fixture = Keysets.legacyFixture();
        byte[] otherMaterial = new byte[32];
        Keyring sameIdOtherKey = Keyring.legacy(List.of(new EncryptionKey(LEGACY_FIXTURE_KEY.id(), otherMaterial)));
        StreamContext movedElsewhere = new StreamContext("postgres/app/weekly_user_2026-48.dump.gz",
                LEGACY_FIXTURE_CONTEXT.backupId());

        assertThatThrownBy(() -> decrypt(fixture, sameIdOtherKey, LEGACY_FIXTURE_CONTEXT, 64))
                .isInstanceOf(DecryptionException.class).hasMessageContaining("failed authentication");
        assertThatThrownBy(() -> decrypt(fixture, Keysets.keyring(Keysets.aKeyset()), LEGACY_FIXTURE_CONTEXT, 64))
                .isInstanceOf(UnknownKeyException.class).hasMessageContaining("'legacy-2026'");
        assertThatThrownBy(() -> decrypt(fixture, LEGACY, movedElsewhere, 64))
                .isInstanceOf(DecryptionException.class).hasMessageContaining("not the copy of " + movedElsewhere);
        assertThatThrownBy(() -> decrypt(fixture, LEGACY, new StreamContext(LEGACY_FIXTURE_CONTEXT.objectKey(),
                "another-backup"), 64)).isInstanceOf(DecryptionException.class);
    }

    @Example
    void aVersion2StreamCannotBePassedOffAsAnUnboundVersion1One() {
        byte[] fixture = Keysets.legacyFixture();
        fixture[4] = 1;

        assertThatThrownBy(() -> decrypt(fixture, LEGACY, LEGACY_FIXTURE_CONTEXT, true, 64))
                .isInstanceOf(DecryptionException.class).hasMessageContaining("failed authentication");
    }

    @Example
    void aVersion1StreamWrittenBeforeVersion2DecryptsOnlyWhenExplicitlyAccepted() throws IOException {
        byte[] golden = Base64.getDecoder().decode(V1_GOLDEN);
        Keyring sevens = Keyring.legacy(List.of(new EncryptionKey("k1", filled(7))));

        byte[] plaintext = decrypt(golden, sevens, LEGACY_FIXTURE_CONTEXT, true, 10);

        assertThat(new String(plaintext, StandardCharsets.UTF_8))
                .isEqualTo("a v1 copy, written before format v2 existed\n".repeat(3));
        assertThatThrownBy(() -> decrypt(golden, sevens, LEGACY_FIXTURE_CONTEXT, false, 10))
                .isInstanceOf(UnboundStreamException.class).hasMessageContaining("version 1");
    }

    @Property(tries = 100)
    void aVersion1StreamKeepsRefusingEveryTruncation(@ForAll @IntRange(min = 0, max = 10_000) int cut) {
        byte[] golden = Base64.getDecoder().decode(V1_GOLDEN);
        byte[] truncated = Arrays.copyOf(golden, cut % golden.length);
        Keyring sevens = Keyring.legacy(List.of(new EncryptionKey("k1", filled(7))));

        assertThatThrownBy(() -> decrypt(truncated, sevens, LEGACY_FIXTURE_CONTEXT, true, 64))
                .isInstanceOf(DecryptionException.class);
    }

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
