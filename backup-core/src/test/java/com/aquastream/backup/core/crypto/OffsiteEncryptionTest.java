package com.aquastream.backup.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.KeysetHandle;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Offsite copies encrypted with Tink's streaming AEAD: every plaintext comes back exactly, and every alteration,
 * truncation, extension, wrong key or other copy's ciphertext is a {@link DecryptionException} — never different
 * bytes. Small segments (a keyset made for the test) make the segment boundaries cheap to reach.
 */
class OffsiteEncryptionTest {

    /** Tink's header for AES-GCM-HKDF with 32-byte keys: length byte, 32 salt bytes, 7 nonce-prefix bytes. */
    private static final int TINK_HEADER = 1 + 32 + 7;
    private static final int TAG = 16;
    private static final KeysetHandle KEYSET = Keysets.aKeysetWithSegmentsOf(96);
    private static final Keyring KEYRING = Keysets.keyring(KEYSET);
    private static final StreamContext CTX = new StreamContext("postgres/app/weekly_user_2025-33.dump.gz",
            "5b0c1d8e-0000-4000-8000-000000000001");

    @Property(tries = 200)
    void decryptsEveryPlaintextToItself(@ForAll("plaintexts") byte[] plaintext,
                                        @ForAll @IntRange(min = 64, max = 160) int segmentSize,
                                        @ForAll @IntRange(min = 1, max = 200) int readChunk) throws IOException {
        Keyring keyring = Keysets.keyring(Keysets.aKeysetWithSegmentsOf(segmentSize));

        byte[] ciphertext = encrypt(plaintext, keyring, CTX);

        assertThat(decrypt(ciphertext, keyring, CTX, readChunk)).isEqualTo(plaintext);
    }

    @Property(tries = 100)
    void decryptsPlaintextsOfExactlyWholeSegmentsAndOneByteEitherSide(
            @ForAll @IntRange(min = 64, max = 128) int segmentSize, @ForAll @IntRange(min = 1, max = 5) int segments,
            @ForAll @IntRange(min = -1, max = 1) int delta) throws IOException {
        Keyring keyring = Keysets.keyring(Keysets.aKeysetWithSegmentsOf(segmentSize));
        int wholeSegments = (segmentSize - TINK_HEADER - TAG) + (segments - 1) * (segmentSize - TAG);
        byte[] plaintext = random(wholeSegments + delta, segmentSize);

        byte[] ciphertext = encrypt(plaintext, keyring, CTX);

        assertThat(decrypt(ciphertext, keyring, CTX, 7)).isEqualTo(plaintext);
        assertThat(decrypt(ciphertext, keyring, CTX, 1)).isEqualTo(plaintext);
    }

    @Property(tries = 100)
    void theEncryptorReadInAnyChunkSizeYieldsACiphertextOfTheSameLengthThatDecrypts(
            @ForAll("plaintexts") byte[] plaintext, @ForAll @IntRange(min = 1, max = 100) int readChunk)
            throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (InputStream in = OffsiteEncryption.encrypting(new ByteArrayInputStream(plaintext), KEYRING, CTX)) {
            byte[] buffer = new byte[readChunk];
            int n;
            while ((n = in.read(buffer)) != -1) {
                sink.write(buffer, 0, n);
            }
        }

        assertThat(sink.size()).isEqualTo(encrypt(plaintext, KEYRING, CTX).length);
        assertThat(decrypt(sink.toByteArray(), KEYRING, CTX, 13)).isEqualTo(plaintext);
    }

    @Property(tries = 300)
    void anySingleFlippedBitIsRefused(@ForAll("plaintexts") byte[] plaintext,
                                      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int position,
                                      @ForAll @IntRange(min = 0, max = 7) int bit) throws IOException {
        byte[] ciphertext = encrypt(plaintext, KEYRING, CTX);
        ciphertext[position % ciphertext.length] ^= (byte) (1 << bit);

        assertThatThrownBy(() -> decrypt(ciphertext, KEYRING, CTX, 64)).isInstanceOf(DecryptionException.class);
    }

    @Property(tries = 200)
    void anyTruncationIsRefused(@ForAll("plaintexts") byte[] plaintext,
                                @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int cut) throws IOException {
        byte[] ciphertext = encrypt(plaintext, KEYRING, CTX);
        byte[] truncated = Arrays.copyOf(ciphertext, cut % ciphertext.length);

        assertThatThrownBy(() -> decrypt(truncated, KEYRING, CTX, 64)).isInstanceOf(DecryptionException.class);
    }

    @Property(tries = 100)
    void appendedBytesAreRefused(@ForAll("plaintexts") byte[] plaintext,
                                 @ForAll @IntRange(min = 1, max = 100) int extra) throws IOException {
        byte[] ciphertext = encrypt(plaintext, KEYRING, CTX);
        byte[] longer = Arrays.copyOf(ciphertext, ciphertext.length + extra);

        assertThatThrownBy(() -> decrypt(longer, KEYRING, CTX, 64)).isInstanceOf(DecryptionException.class);
    }

    @Property(tries = 50)
    void swappedSegmentsAreRefused(@ForAll @IntRange(min = 3, max = 6) int segments,
                                   @ForAll @IntRange(min = 0, max = 20) int lastLength) throws IOException {
        int segmentSize = 96;
        byte[] plaintext = random(segments * (segmentSize - TAG) + lastLength, segments);
        byte[] ciphertext = encrypt(plaintext, KEYRING, CTX);
        int second = OffsiteEncryption.MAGIC.length + segmentSize;
        byte[] swapped = ciphertext.clone();
        System.arraycopy(ciphertext, second, swapped, second + segmentSize, segmentSize);
        System.arraycopy(ciphertext, second + segmentSize, swapped, second, segmentSize);

        assertThatThrownBy(() -> decrypt(swapped, KEYRING, CTX, 64)).isInstanceOf(DecryptionException.class);
    }

    @Property(tries = 50)
    void aWrongKeyIsRefused(@ForAll("plaintexts") byte[] plaintext) throws IOException {
        byte[] ciphertext = encrypt(plaintext, KEYRING, CTX);

        assertThatThrownBy(() -> decrypt(ciphertext, Keysets.keyring(Keysets.aKeyset()), CTX, 64))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("failed authentication");
        assertThatThrownBy(() -> decrypt(ciphertext, Keyring.legacy(List.of(Keysets.LEGACY_FIXTURE_KEY)), CTX, 64))
                .isInstanceOf(UnknownKeyException.class)
                .hasMessageContaining("OFFSITE_ENCRYPTION_KEYSET");
    }

    @Example
    void aRotatedKeysetStillDecryptsWhatItsOldPrimaryKeyEncrypted() throws IOException {
        byte[] plaintext = random(1000, 1);
        byte[] old = encrypt(plaintext, KEYRING, CTX);
        Keyring rotated = Keysets.keyring(Keysets.rotated(KEYSET));

        byte[] fresh = encrypt(plaintext, rotated, CTX);

        assertThat(rotated.primaryKeyId()).isNotEqualTo(KEYRING.primaryKeyId());
        assertThat(rotated.holdsTinkKey(KEYRING.primaryKeyId().orElseThrow())).isTrue();
        assertThat(decrypt(old, rotated, CTX, 100)).isEqualTo(plaintext);
        assertThat(decrypt(fresh, rotated, CTX, 100)).isEqualTo(plaintext);
        assertThatThrownBy(() -> decrypt(fresh, KEYRING, CTX, 100)).isInstanceOf(DecryptionException.class);
    }

    @Example
    void theSamePlaintextNeverEncryptsToTheSameBytesAndTheCiphertextDoesNotContainIt() throws IOException {
        byte[] plaintext = "the same archive, twice, the same archive, twice".repeat(100).getBytes();

        byte[] first = encrypt(plaintext, KEYRING, CTX);
        byte[] second = encrypt(plaintext, KEYRING, CTX);

        assertThat(first).isNotEqualTo(second);
        assertThat(new String(first, StandardCharsets.ISO_8859_1)).doesNotContain("same archive");
        assertThat(OffsiteEncryption.formatOf(first)).isEqualTo(OffsiteEncryption.Format.TINK);
        assertThat(OffsiteEncryption.formatOf(Keysets.legacyFixture())).isEqualTo(OffsiteEncryption.Format.LEGACY);
        assertThat(OffsiteEncryption.formatOf(plaintext)).isEqualTo(OffsiteEncryption.Format.PLAINTEXT);
        assertThat(OffsiteEncryption.formatOf(new byte[0])).isEqualTo(OffsiteEncryption.Format.PLAINTEXT);
    }

    @Example
    void plaintextThatIsNotInThisFormatIsRefused() {
        byte[] gzip = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3};

        assertThatThrownBy(() -> decrypt(gzip, KEYRING, CTX, 64)).isInstanceOf(DecryptionException.class)
                .hasMessageContaining("not an encrypted copy");
    }

    @Example
    void aFailureOfThePlaintextSourcePropagatesThroughTheEncryptor() {
        InputStream failing = failingAfter(100, "source broke");

        assertThatThrownBy(() -> OffsiteEncryption.encrypting(failing, KEYRING, CTX).readAllBytes())
                .hasMessage("source broke");
    }

    @Example
    void aFailureOfTheCiphertextSourcePropagatesUnchangedThroughTheDecryptor() throws IOException {
        byte[] ciphertext = encrypt(random(5000, 3), KEYRING, CTX);
        InputStream source = new java.io.SequenceInputStream(new ByteArrayInputStream(ciphertext, 0, 1000),
                failingAfter(0, "connection reset"));

        assertThatThrownBy(() -> OffsiteEncryption.decrypting(source, KEYRING, CTX, false).readAllBytes())
                .isNotInstanceOf(DecryptionException.class).hasMessage("connection reset");
    }

    @Example
    void keyringsAreReadFromTheirConfigurationWithoutEchoingIt() {
        String keyset = Keysets.json(KEYSET);
        String k1 = Base64.getEncoder().encodeToString(random(32, 5));
        String k0 = Base64.getEncoder().encodeToString(random(32, 6));

        Keyring keyring = Keyring.parse(keyset, "k1", k1, "k0=" + k0);

        assertThat(keyring.encrypts()).isTrue();
        assertThat(keyring.primaryKeyId()).isEqualTo(KEYRING.primaryKeyId());
        assertThat(keyring.ids()).containsExactly(KEYRING.primaryKeyId().orElseThrow(), "k1", "k0");
        assertThat(keyring.toString()).doesNotContain(k1).doesNotContain(k0).doesNotContain(keyset);
        assertThat(Keyring.parse(" ", "", "", " ").isEmpty()).isTrue();
        assertThat(Keyring.parse(null, "k1", k1, null).encrypts()).isFalse();
        assertThatThrownBy(() -> Keyring.parse(keyset.substring(0, 40), null, null, null))
                .hasMessageContaining("not a Tink keyset").hasMessageNotContaining(keyset.substring(0, 40));
        assertThatThrownBy(() -> Keyring.parse(null, "k1", "c2hvcnQ=", null)).hasMessageContaining("32 bytes")
                .hasMessageNotContaining("c2hvcnQ=");
        assertThatThrownBy(() -> Keyring.parse(null, null, k1, null)).hasMessageContaining("key id");
    }

    @Property(tries = 100)
    void aCopyDecryptsOnlyAsTheCopyOfItsOwnObjectKeyAndBackupId(
            @ForAll("plaintexts") byte[] plaintext, @ForAll("contexts") StreamContext written,
            @ForAll("contexts") StreamContext expected) throws IOException {
        byte[] ciphertext = encrypt(plaintext, KEYRING, written);

        if (written.equals(expected)) {
            assertThat(decrypt(ciphertext, KEYRING, expected, 64)).isEqualTo(plaintext);
        } else {
            assertThatThrownBy(() -> decrypt(ciphertext, KEYRING, expected, 64))
                    .isInstanceOf(DecryptionException.class)
                    .hasMessageContaining("failed authentication")
                    .hasMessageContaining("not the copy of " + expected);
        }
    }

    @Property(tries = 50)
    void swappedCiphertextsOfTwoCopiesAreBothRefused(@ForAll("plaintexts") byte[] older,
                                                     @ForAll("plaintexts") byte[] newer) throws IOException {
        StreamContext olderWeekly = new StreamContext("postgres/app/weekly_user_2025-32.dump.gz", "backup-32");
        StreamContext newerWeekly = new StreamContext("postgres/app/weekly_user_2025-33.dump.gz", "backup-33");
        byte[] olderCiphertext = encrypt(older, KEYRING, olderWeekly);
        byte[] newerCiphertext = encrypt(newer, KEYRING, newerWeekly);

        assertThatThrownBy(() -> decrypt(olderCiphertext, KEYRING, newerWeekly, 64))
                .isInstanceOf(DecryptionException.class);
        assertThatThrownBy(() -> decrypt(newerCiphertext, KEYRING, olderWeekly, 64))
                .isInstanceOf(DecryptionException.class);
        assertThatThrownBy(() -> decrypt(olderCiphertext, KEYRING,
                new StreamContext(olderWeekly.objectKey(), "another-backup"), 64))
                .isInstanceOf(DecryptionException.class);
    }

    @Example
    void theContextsLengthPrefixesKeepKeyAndBackupIdApart() {
        assertThat(new StreamContext("a/b", "c").associatedData())
                .isNotEqualTo(new StreamContext("a", "b/c").associatedData());
        assertThat(new StreamContext("a/b", "c").digest()).isNotEqualTo(new StreamContext("a", "b/c").digest());
        assertThat(new StreamContext("a", "b").associatedData()).isEqualTo(new StreamContext("a", "b").associatedData());
    }

    @Provide
    Arbitrary<StreamContext> contexts() {
        Arbitrary<String> keys = Arbitraries.of("postgres/app/weekly_user_2025-33.dump.gz",
                "postgres/app/weekly_user_2025-32.dump.gz", "postgres/app/monthly_user_2025-08.dump.gz", "a/b", "a");
        Arbitrary<String> ids = Arbitraries.of("b-1", "b-2", "c", "b/c");
        return Combinators.combine(keys, ids).as(StreamContext::new);
    }

    @Provide
    Arbitrary<byte[]> plaintexts() {
        Arbitrary<Integer> lengths = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(0)),
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(1, 300)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(300, 3000)));
        return Combinators.combine(lengths, Arbitraries.integers()).as(OffsiteEncryptionTest::random);
    }

    static byte[] encrypt(byte[] plaintext, Keyring keyring, StreamContext context) throws IOException {
        try (InputStream in = OffsiteEncryption.encrypting(new ByteArrayInputStream(plaintext), keyring, context)) {
            return in.readAllBytes();
        }
    }

    /** Decrypts in reads of {@code readChunk} bytes ({@code 1}: one {@code read()} at a time). */
    static byte[] decrypt(byte[] ciphertext, Keyring keyring, StreamContext expected, int readChunk)
            throws IOException {
        return decrypt(ciphertext, keyring, expected, false, readChunk);
    }

    static byte[] decrypt(byte[] ciphertext, Keyring keyring, StreamContext expected, boolean acceptV1,
                          int readChunk) throws IOException {
        ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
        try (InputStream in = OffsiteEncryption.decrypting(new ByteArrayInputStream(ciphertext), keyring, expected,
                acceptV1)) {
            byte[] buffer = new byte[readChunk];
            int n;
            while ((n = readChunk == 1 ? single(in, buffer) : in.read(buffer)) != -1) {
                plaintext.write(buffer, 0, n);
            }
        }
        return plaintext.toByteArray();
    }

    private static int single(InputStream in, byte[] buffer) throws IOException {
        int b = in.read();
        if (b < 0) {
            return -1;
        }
        buffer[0] = (byte) b;
        return 1;
    }

    private static InputStream failingAfter(int bytes, String message) {
        return new InputStream() {
            private int left = bytes;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    throw new IOException(message);
                }
                left--;
                return 'x';
            }
        };
    }

    static byte[] random(int length, int seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
