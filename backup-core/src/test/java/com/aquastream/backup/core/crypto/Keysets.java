package com.aquastream.backup.core.crypto;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingParameters;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Tink keysets and keyrings for tests, and the legacy format's fixture: a copy written by the last version of the
 * legacy encrypting code before it was deleted ({@code src/test/resources/crypto/legacy-v2/README.md}).
 */
public final class Keysets {

    /** The fixture's legacy key: id {@code legacy-2026}, the 32 bytes 0x00, 0x01, ..., 0x1f. */
    public static final EncryptionKey LEGACY_FIXTURE_KEY = new EncryptionKey("legacy-2026",
            HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));
    /** What the fixture is the copy of. */
    public static final StreamContext LEGACY_FIXTURE_CONTEXT = new StreamContext(
            "postgres/app/weekly_user_2026-49.dump.gz", "0f5e7a11-0000-4000-8000-000000000001");
    /** SHA-256 of the fixture's plaintext ({@code plaintext.txt}, 6360 bytes). */
    public static final String LEGACY_FIXTURE_PLAINTEXT_SHA256 =
            "1542e77a07ec8bff47ff1b6dd40e756b7b91a4eabac2722d5d03c62b4fc3d6b3";

    static {
        try {
            StreamingAeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Keysets() {
    }

    /** A new keyset of one {@code AES256_GCM_HKDF_4KB} key (the production template is the 1 MB one). */
    public static KeysetHandle aKeyset() {
        try {
            return KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_4KB);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new keyset whose ciphertext segments are {@code bytes} long, so tests reach segment boundaries cheaply. */
    public static KeysetHandle aKeysetWithSegmentsOf(int bytes) {
        try {
            return KeysetHandle.generateNew(AesGcmHkdfStreamingParameters.builder().setKeySizeBytes(32)
                    .setDerivedAesGcmKeySizeBytes(32).setHkdfHashType(AesGcmHkdfStreamingParameters.HashType.SHA256)
                    .setCiphertextSegmentSizeBytes(bytes).build());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code keyset} with a new key added and made primary: a rotation. */
    public static KeysetHandle rotated(KeysetHandle keyset) {
        try {
            return KeysetHandle.newBuilder(keyset).addEntry(KeysetHandle.generateEntryFromParameters(
                    PredefinedStreamingAeadParameters.AES256_GCM_HKDF_4KB).withRandomId().makePrimary()).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Keyring keyring(KeysetHandle keyset) {
        return Keyring.of(keyset, List.of());
    }

    /** The keyset as {@code OFFSITE_ENCRYPTION_KEYSET} holds it. */
    public static String json(KeysetHandle keyset) {
        try {
            return TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The legacy fixture's ciphertext. */
    public static byte[] legacyFixture() {
        return resource("/crypto/legacy-v2/weekly_user_2026-49.dump.gz.aqse");
    }

    public static String legacyFixturePlaintext() {
        return new String(resource("/crypto/legacy-v2/plaintext.txt"), StandardCharsets.UTF_8);
    }

    /** The legacy key as {@code OFFSITE_ENCRYPTION_KEY} holds it. */
    public static String legacyFixtureKeyBase64() {
        return Base64.getEncoder().encodeToString(LEGACY_FIXTURE_KEY.material());
    }

    private static byte[] resource(String name) {
        try (InputStream in = Keysets.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the test class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
