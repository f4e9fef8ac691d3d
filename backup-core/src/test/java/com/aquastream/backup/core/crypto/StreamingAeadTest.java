package com.aquastream.backup.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
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
 * The segmented AES-GCM stream: every plaintext comes back exactly, and every alteration, truncation, extension or
 * wrong key is a {@link DecryptionException} — never different bytes. Small segment sizes make the segment
 * boundaries (the interesting cases) cheap to reach.
 */
class StreamingAeadTest {

    private static final EncryptionKey KEY = key("k1", 1);
    private static final EncryptionKey OTHER_KEY_SAME_ID = key("k1", 2);
    private static final EncryptionKey ROTATED = key("k2", 3);
    private static final Keyring KEYRING = Keyring.of(KEY, List.of());
    private static final StreamContext CTX = new StreamContext("postgres/app/weekly_user_2025-33.dump.gz",
            "5b0c1d8e-0000-4000-8000-000000000001");
    /** Written by format version 1 before version 2 existed: key "k1" = 32 bytes of 7, segment size 32. */
    private static final String V1_GOLDEN = "QVFTRQEAAAAgAmsxq2x0LKXrI25TNO4Fa+yXaJWLrbFAbtHfPU5Ocz8dIhjeN49Doy43lUss01njps"
            + "WyKsEMtRcosrDVv6w/YtUD0uuuQruJKPrzIQHdLQXcASeyWdddH/zUInRuXfPiNZEXefX0RiRFjhklJByZA4KH1OQZZfO8kK9PYQq90eT"
            + "69S1G4oLF8OgpWDGosyZATv4MWFWi3r861FC4Cr1EMDS0Zx/fjGcgA2AAOzbSoiUVeV8RaQY4FY84MTp5qMS8ouafjY33S3lOeAmJIKW"
            + "MvXaad8OfXokVFGYiq4xjfdX6jxb3iPBYOSwnyfbU7Ys=";

    @Property(tries = 300)
    void decryptsEveryPlaintextToItself(@ForAll("plaintexts") byte[] plaintext,
                                        @ForAll @IntRange(min = 16, max = 80) int segmentSize,
                                        @ForAll @IntRange(min = 1, max = 200) int readChunk) throws IOException {
        byte[] ciphertext = encrypt(plaintext, KEY, segmentSize);

        assertThat(decrypt(ciphertext, KEYRING, readChunk)).isEqualTo(plaintext);
    }

    @Property(tries = 100)
    void decryptsPlaintextsOfExactlyWholeSegmentsAndOneByteEitherSide(
            @ForAll @IntRange(min = 16, max = 64) int segmentSize, @ForAll @IntRange(min = 0, max = 5) int segments,
            @ForAll @IntRange(min = -1, max = 1) int delta) throws IOException {
        byte[] plaintext = random(Math.max(0, segments * segmentSize + delta), segmentSize);

        byte[] ciphertext = encrypt(plaintext, KEY, segmentSize);

        assertThat(decrypt(ciphertext, KEYRING, 7)).isEqualTo(plaintext);
        assertThat(decrypt(encryptPushed(plaintext, KEY, segmentSize), KEYRING, 1)).isEqualTo(plaintext);
    }

    @Property(tries = 200)
    void theWritingAndTheReadingEncryptorAgree(@ForAll("plaintexts") byte[] plaintext,
                                               @ForAll @IntRange(min = 16, max = 64) int segmentSize,
                                               @ForAll @IntRange(min = 1, max = 100) int writeChunk)
            throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = StreamingAead.encrypting(sink, KEY, CTX, segmentSize)) {
            for (int i = 0; i < plaintext.length; i += writeChunk) {
                out.write(plaintext, i, Math.min(writeChunk, plaintext.length - i));
            }
        }

        assertThat(sink.size()).isEqualTo(encrypt(plaintext, KEY, segmentSize).length);
        assertThat(decrypt(sink.toByteArray(), KEYRING, 13)).isEqualTo(plaintext);
    }

    @Property(tries = 500)
    void anySingleFlippedBitIsRefused(@ForAll("plaintexts") byte[] plaintext,
                                      @ForAll @IntRange(min = 16, max = 48) int segmentSize,
                                      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int position,
                                      @ForAll @IntRange(min = 0, max = 7) int bit) throws IOException {
        byte[] ciphertext = encrypt(plaintext, KEY, segmentSize);
        ciphertext[position % ciphertext.length] ^= (byte) (1 << bit);

        assertThatThrownBy(() -> decrypt(ciphertext, KEYRING, 64)).isInstanceOf(DecryptionException.class);
    }

    @Property(tries = 300)
    void anyTruncationIsRefused(@ForAll("plaintexts") byte[] plaintext,
                                @ForAll @IntRange(min = 16, max = 48) int segmentSize,
                                @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int cut) throws IOException {
        byte[] ciphertext = encrypt(plaintext, KEY, segmentSize);
        byte[] truncated = Arrays.copyOf(ciphertext, cut % ciphertext.length);

        assertThatThrownBy(() -> decrypt(truncated, KEYRING, 64)).isInstanceOf(DecryptionException.class);
    }

    @Property(tries = 200)
    void appendedBytesAreRefused(@ForAll("plaintexts") byte[] plaintext,
                                 @ForAll @IntRange(min = 16, max = 48) int segmentSize,
                                 @ForAll @IntRange(min = 1, max = 100) int extra) throws IOException {
        byte[] ciphertext = encrypt(plaintext, KEY, segmentSize);
        byte[] longer = Arrays.copyOf(ciphertext, ciphertext.length + extra);

        assertThatThrownBy(() -> decrypt(longer, KEYRING, 64)).isInstanceOf(DecryptionException.class);
    }

    @Property(tries = 100)
    void swappedSegmentsAreRefused(@ForAll @IntRange(min = 2, max = 6) int segments,
                                   @ForAll @IntRange(min = 0, max = 20) int lastLength) throws IOException {
        int segmentSize = 32;
        byte[] plaintext = random(segments * segmentSize + lastLength, segments);
        byte[] ciphertext = encrypt(plaintext, KEY, segmentSize);
        int headerLength = ciphertext.length - (segments * (segmentSize + 16) + lastLength + 16);
        int full = segmentSize + 16;
        byte[] swapped = ciphertext.clone();
        System.arraycopy(ciphertext, headerLength, swapped, headerLength + full, full);
        System.arraycopy(ciphertext, headerLength + full, swapped, headerLength, full);

        assertThatThrownBy(() -> decrypt(swapped, KEYRING, 64)).isInstanceOf(DecryptionException.class);
    }

    @Property(tries = 100)
    void aWrongKeyIsRefused(@ForAll("plaintexts") byte[] plaintext) throws IOException {
        byte[] ciphertext = encrypt(plaintext, KEY, 32);

        assertThatThrownBy(() -> decrypt(ciphertext, Keyring.of(OTHER_KEY_SAME_ID, List.of()), 64))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("failed authentication");
        assertThatThrownBy(() -> decrypt(ciphertext, Keyring.of(ROTATED, List.of()), 64))
                .isInstanceOf(UnknownKeyException.class)
                .hasMessageContaining("'k1'");
    }

    @Example
    void aRotatedKeyringStillDecryptsWhatTheOldKeyEncrypted() throws IOException {
        byte[] plaintext = random(1000, 1);
        byte[] old = encrypt(plaintext, KEY, 64);
        Keyring rotated = Keyring.of(ROTATED, List.of(KEY));

        byte[] fresh = encrypt(plaintext, rotated.current().orElseThrow(), 64);

        assertThat(decrypt(old, rotated, 100)).isEqualTo(plaintext);
        assertThat(decrypt(fresh, rotated, 100)).isEqualTo(plaintext);
        assertThatThrownBy(() -> decrypt(fresh, KEYRING, 100)).isInstanceOf(UnknownKeyException.class);
    }

    @Example
    void theSamePlaintextNeverEncryptsToTheSameBytesAndTheCiphertextDoesNotContainIt() throws IOException {
        byte[] plaintext = "the same archive, twice, the same archive, twice".repeat(100).getBytes();

        byte[] first = encrypt(plaintext, KEY, StreamingAead.DEFAULT_SEGMENT_SIZE);
        byte[] second = encrypt(plaintext, KEY, StreamingAead.DEFAULT_SEGMENT_SIZE);

        assertThat(first).isNotEqualTo(second);
        assertThat(new String(first, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("same archive");
        assertThat(StreamingAead.looksEncrypted(first)).isTrue();
        assertThat(StreamingAead.looksEncrypted(plaintext)).isFalse();
    }

    @Example
    void plaintextThatIsNotInThisFormatIsRefused() {
        byte[] gzip = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3};

        assertThatThrownBy(() -> decrypt(gzip, KEYRING, 64)).isInstanceOf(DecryptionException.class)
                .hasMessageContaining("not an encrypted stream");
    }

    @Example
    void aFailureOfThePlaintextSourcePropagatesThroughTheEncryptor() {
        InputStream failing = new InputStream() {
            private int left = 100;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    throw new IOException("source broke");
                }
                left--;
                return 'x';
            }
        };

        assertThatThrownBy(() -> StreamingAead.encrypting(failing, KEY, CTX, 32).readAllBytes())
                .hasMessage("source broke");
    }

    @Example
    void keysAndKeyringsAreReadFromTheirBase64ConfigurationWithoutEchoingIt() {
        String k1 = java.util.Base64.getEncoder().encodeToString(random(32, 5));
        String k0 = java.util.Base64.getEncoder().encodeToString(random(32, 6));

        Keyring keyring = Keyring.parse("k1", k1, "k0=" + k0);

        assertThat(keyring.current()).map(EncryptionKey::id).contains("k1");
        assertThat(keyring.ids()).containsExactly("k1", "k0");
        assertThat(keyring.toString()).doesNotContain(k1).doesNotContain(k0);
        assertThat(Keyring.parse("", "", " ").isEmpty()).isTrue();
        assertThatThrownBy(() -> Keyring.parse("k1", "c2hvcnQ=", null)).hasMessageContaining("32 bytes")
                .hasMessageNotContaining("c2hvcnQ=");
        assertThatThrownBy(() -> Keyring.parse(null, k1, null)).hasMessageContaining("key id");
    }

    @Property(tries = 200)
    void aStreamDecryptsOnlyAsTheCopyOfItsOwnObjectKeyAndBackupId(
            @ForAll("plaintexts") byte[] plaintext, @ForAll("contexts") StreamContext written,
            @ForAll("contexts") StreamContext expected) throws IOException {
        byte[] ciphertext = encrypt(plaintext, KEY, written, 32);

        if (written.equals(expected)) {
            assertThat(decrypt(ciphertext, KEYRING, expected, true, 64)).isEqualTo(plaintext);
        } else {
            assertThatThrownBy(() -> decrypt(ciphertext, KEYRING, expected, true, 64))
                    .isInstanceOf(DecryptionException.class)
                    .hasMessageContaining("failed authentication")
                    .hasMessageContaining("not the copy of " + expected);
        }
    }

    @Property(tries = 100)
    void swappedCiphertextsOfTwoCopiesAreBothRefused(@ForAll("plaintexts") byte[] older,
                                                     @ForAll("plaintexts") byte[] newer) throws IOException {
        StreamContext olderWeekly = new StreamContext("postgres/app/weekly_user_2025-32.dump.gz", "backup-32");
        StreamContext newerWeekly = new StreamContext("postgres/app/weekly_user_2025-33.dump.gz", "backup-33");
        byte[] olderCiphertext = encrypt(older, KEY, olderWeekly, 32);
        byte[] newerCiphertext = encrypt(newer, KEY, newerWeekly, 32);

        assertThatThrownBy(() -> decrypt(olderCiphertext, KEYRING, newerWeekly, false, 64))
                .isInstanceOf(DecryptionException.class);
        assertThatThrownBy(() -> decrypt(newerCiphertext, KEYRING, olderWeekly, false, 64))
                .isInstanceOf(DecryptionException.class);
        assertThatThrownBy(() -> decrypt(olderCiphertext, KEYRING,
                new StreamContext(olderWeekly.objectKey(), "another-backup"), false, 64))
                .isInstanceOf(DecryptionException.class);
    }

    @Example
    void theContextsLengthPrefixesKeepKeyAndBackupIdApart() {
        assertThat(new StreamContext("a/b", "c").digest()).isNotEqualTo(new StreamContext("a", "b/c").digest());
        assertThat(new StreamContext("a", "b").digest()).isEqualTo(new StreamContext("a", "b").digest());
    }

    @Example
    void aVersion1StreamWrittenBeforeVersion2DecryptsOnlyWhenExplicitlyAccepted() throws IOException {
        byte[] golden = java.util.Base64.getDecoder().decode(V1_GOLDEN);
        byte[] fill = new byte[32];
        Arrays.fill(fill, (byte) 7);
        Keyring keyring = Keyring.of(new EncryptionKey("k1", fill), List.of());

        byte[] plaintext = decrypt(golden, keyring, CTX, true, 10);

        assertThat(new String(plaintext, java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("a v1 copy, written before format v2 existed\n".repeat(3));
        assertThatThrownBy(() -> decrypt(golden, keyring, CTX, false, 10))
                .isInstanceOf(UnboundStreamException.class).hasMessageContaining("version 1");
    }

    @Property(tries = 100)
    void aVersion1StreamKeepsRefusingEveryTruncationAndSwappedSegment(
            @ForAll("plaintexts") byte[] plaintext, @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int cut)
            throws IOException {
        byte[] ciphertext = new EncryptingV1(plaintext).bytes();
        byte[] truncated = Arrays.copyOf(ciphertext, cut % ciphertext.length);

        assertThat(decrypt(ciphertext, KEYRING, CTX, true, 64)).isEqualTo(plaintext);
        assertThatThrownBy(() -> decrypt(truncated, KEYRING, CTX, true, 64))
                .isInstanceOf(DecryptionException.class);
    }

    @Property(tries = 100)
    void aVersion2StreamCannotBePassedOffAsAnUnboundVersion1One(@ForAll("plaintexts") byte[] plaintext)
            throws IOException {
        byte[] ciphertext = encrypt(plaintext, KEY, 32);
        ciphertext[4] = 1;

        assertThatThrownBy(() -> decrypt(ciphertext, KEYRING, CTX, true, 64))
                .isInstanceOf(DecryptionException.class).hasMessageContaining("failed authentication");
    }

    @Provide
    Arbitrary<StreamContext> contexts() {
        Arbitrary<String> keys = Arbitraries.of("postgres/app/weekly_user_2025-33.dump.gz",
                "postgres/app/weekly_user_2025-32.dump.gz", "postgres/app/monthly_user_2025-08.dump.gz", "a/b", "a");
        Arbitrary<String> ids = Arbitraries.of("b-1", "b-2", "c", "b/c");
        return Combinators.combine(keys, ids).as(StreamContext::new);
    }

    /** A version-1 stream of {@code plaintext}, with the writer kept for tests. */
    private record EncryptingV1(byte[] plaintext) {
        byte[] bytes() throws IOException {
            try (InputStream in = StreamingAead.encryptingV1(new ByteArrayInputStream(plaintext), KEY, 32)) {
                return in.readAllBytes();
            }
        }
    }

    @Provide
    Arbitrary<byte[]> plaintexts() {
        Arbitrary<Integer> lengths = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(0)),
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(1, 300)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(300, 3000)));
        return Combinators.combine(lengths, Arbitraries.integers()).as(StreamingAeadTest::random);
    }

    static byte[] encrypt(byte[] plaintext, EncryptionKey key, int segmentSize) throws IOException {
        return encrypt(plaintext, key, CTX, segmentSize);
    }

    static byte[] encrypt(byte[] plaintext, EncryptionKey key, StreamContext context, int segmentSize)
            throws IOException {
        try (InputStream in = StreamingAead.encrypting(new ByteArrayInputStream(plaintext), key, context,
                segmentSize)) {
            return in.readAllBytes();
        }
    }

    private static byte[] encryptPushed(byte[] plaintext, EncryptionKey key, int segmentSize) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = StreamingAead.encrypting(sink, key, CTX, segmentSize)) {
            out.write(plaintext);
        }
        return sink.toByteArray();
    }

    static byte[] decrypt(byte[] ciphertext, Keyring keyring, int readChunk) throws IOException {
        return decrypt(ciphertext, keyring, CTX, false, readChunk);
    }

    static byte[] decrypt(byte[] ciphertext, Keyring keyring, StreamContext expected, boolean acceptV1,
                          int readChunk) throws IOException {
        ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
        try (InputStream in = StreamingAead.decrypting(new ByteArrayInputStream(ciphertext), keyring, expected,
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

    static EncryptionKey key(String id, int seed) {
        return new EncryptionKey(id, random(32, seed));
    }

    static byte[] random(int length, int seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
