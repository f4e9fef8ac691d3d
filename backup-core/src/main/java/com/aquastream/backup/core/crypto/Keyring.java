package com.aquastream.backup.core.crypto;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys a process may use for offsite copies: a Tink keyset, whose primary key encrypts new copies and whose
 * other enabled keys still decrypt copies written before a rotation; and the raw keys of the legacy format
 * ({@link LegacyFormat}), which only decrypt copies written before Tink, found by the key id in each copy's header.
 *
 * <p>Configured from the environment: {@code OFFSITE_ENCRYPTION_KEYSET} is a Tink keyset in Tink's JSON format
 * (streaming AEAD keys, e.g. {@code AES256_GCM_HKDF_1MB}); rotating means adding a new key and making it the primary,
 * keeping the old ones while copies under them are kept. {@code OFFSITE_ENCRYPTION_KEY_ID} and
 * {@code OFFSITE_ENCRYPTION_KEY} (base64 of 32 bytes) and {@code OFFSITE_ENCRYPTION_PREVIOUS_KEYS} ({@code id=base64}
 * pairs separated by commas or white space) are the legacy keys. An empty keyring means "no encryption".
 */
public final class Keyring {

    static {
        try {
            StreamingAeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink's streaming AEAD cannot be registered in this JRE", e);
        }
    }

    private static final Keyring EMPTY = new Keyring(null, null, Map.of());

    private final KeysetHandle keyset;
    private final StreamingAead aead;
    private final Map<String, EncryptionKey> legacyById;

    private Keyring(KeysetHandle keyset, StreamingAead aead, Map<String, EncryptionKey> legacyById) {
        this.keyset = keyset;
        this.aead = aead;
        this.legacyById = Collections.unmodifiableMap(legacyById);
    }

    public static Keyring empty() {
        return EMPTY;
    }

    /**
     * @param keyset the Tink keyset that encrypts new copies and decrypts Tink copies, or {@code null} for a keyring
     *               that only reads legacy copies
     * @param legacy raw keys of the legacy format, for decryption only
     * @throws IllegalArgumentException when the keyset holds no streaming AEAD keys, or two different legacy keys share
     *                                  an id
     */
    public static Keyring of(KeysetHandle keyset, List<EncryptionKey> legacy) {
        Map<String, EncryptionKey> byId = new LinkedHashMap<>();
        for (EncryptionKey key : legacy) {
            EncryptionKey before = byId.putIfAbsent(key.id(), key);
            if (before != null && !before.equals(key)) {
                throw new IllegalArgumentException("two different encryption keys have the id '" + key.id() + "'");
            }
        }
        if (keyset == null) {
            return byId.isEmpty() ? EMPTY : new Keyring(null, null, byId);
        }
        try {
            return new Keyring(keyset, keyset.getPrimitive(RegistryConfiguration.get(), StreamingAead.class), byId);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the encryption keyset is not a Tink streaming AEAD keyset with an"
                    + " enabled primary key (" + e.getMessage() + ")");
        }
    }

    /** A keyring of legacy keys only: reads copies written before Tink, encrypts nothing. */
    public static Keyring legacy(List<EncryptionKey> keys) {
        return of(null, keys);
    }

    /**
     * Parses the configuration described in the class comment; all blank gives the empty keyring.
     *
     * @param keysetJson          a Tink keyset in JSON, or blank
     * @param legacyCurrentId     id of the legacy key {@code legacyCurrentBase64}; required when that is set
     * @param legacyCurrentBase64 the legacy key copies were last written with, base64 of 32 bytes, or blank
     * @param legacyPreviousKeys  {@code id=base64} pairs separated by commas or white space, or blank
     * @throws IllegalArgumentException on a malformed entry (messages never contain key material)
     */
    public static Keyring parse(String keysetJson, String legacyCurrentId, String legacyCurrentBase64,
                                String legacyPreviousKeys) {
        List<EncryptionKey> legacy = new ArrayList<>();
        if (legacyCurrentBase64 != null && !legacyCurrentBase64.isBlank()) {
            if (legacyCurrentId == null || legacyCurrentId.isBlank()) {
                throw new IllegalArgumentException("an encryption key is set without its key id"
                        + " (OFFSITE_ENCRYPTION_KEY_ID)");
            }
            legacy.add(EncryptionKey.fromBase64(legacyCurrentId.strip(), legacyCurrentBase64));
        }
        if (legacyPreviousKeys != null && !legacyPreviousKeys.isBlank()) {
            for (String entry : legacyPreviousKeys.strip().split("[,\\s]+")) {
                int eq = entry.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("previous encryption keys must be id=base64 pairs");
                }
                legacy.add(EncryptionKey.fromBase64(entry.substring(0, eq), entry.substring(eq + 1)));
            }
        }
        return of(keysetJson == null || keysetJson.isBlank() ? null : parseKeyset(keysetJson), legacy);
    }

    /**
     * Reads {@code OFFSITE_ENCRYPTION_KEYSET}, {@code OFFSITE_ENCRYPTION_KEY_ID}, {@code OFFSITE_ENCRYPTION_KEY} and
     * {@code OFFSITE_ENCRYPTION_PREVIOUS_KEYS}.
     */
    public static Keyring fromEnvironment(Map<String, String> env) {
        return parse(env.get("OFFSITE_ENCRYPTION_KEYSET"), env.get("OFFSITE_ENCRYPTION_KEY_ID"),
                env.get("OFFSITE_ENCRYPTION_KEY"), env.get("OFFSITE_ENCRYPTION_PREVIOUS_KEYS"));
    }

    /** A cleartext Tink keyset in JSON (it is a secret: it comes from the environment like any other key). */
    private static KeysetHandle parseKeyset(String json) {
        try {
            return TinkJsonProtoKeysetFormat.parseKeyset(json.strip(), InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("OFFSITE_ENCRYPTION_KEYSET is not a Tink keyset in JSON");
        }
    }

    /** A new keyset of one {@code AES256_GCM_HKDF_1MB} key: what a new deployment starts with. */
    public static KeysetHandle newKeyset() {
        try {
            return KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink cannot generate an AES256_GCM_HKDF_1MB key in this JRE", e);
        }
    }

    /**
     * A rotation: {@code keyset} with a new {@code AES256_GCM_HKDF_1MB} key added as its primary. Its other keys stay,
     * so copies written under them still decrypt; remove one only when no copy under it is kept.
     */
    public static KeysetHandle rotated(KeysetHandle keyset) {
        try {
            return KeysetHandle.newBuilder(keyset).addEntry(KeysetHandle.generateEntryFromParameters(
                    PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB).withRandomId().makePrimary()).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink cannot add an AES256_GCM_HKDF_1MB key to this keyset", e);
        }
    }

    /** The keyset in Tink's JSON format, as {@code OFFSITE_ENCRYPTION_KEYSET} holds it (secret: key material). */
    public static String toJson(KeysetHandle keyset) {
        try {
            return TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink cannot write this keyset", e);
        }
    }

    /** Whether new copies are encrypted: the keyring has a Tink keyset. */
    public boolean encrypts() {
        return keyset != null;
    }

    /** The id of the keyset's primary key, the one new copies are encrypted with (recorded with every copy). */
    public Optional<String> primaryKeyId() {
        return keyset == null ? Optional.empty() : Optional.of(tinkId(keyset.getPrimary().getId()));
    }

    /** Whether the keyset holds the enabled key with this id (as {@link #primaryKeyId()} writes it). */
    public boolean holdsTinkKey(String keyId) {
        if (keyset == null || keyId == null) {
            return false;
        }
        for (int i = 0; i < keyset.size(); i++) {
            KeysetHandle.Entry entry = keyset.getAt(i);
            if (entry.getStatus() == KeyStatus.ENABLED && tinkId(entry.getId()).equals(keyId)) {
                return true;
            }
        }
        return false;
    }

    /** The legacy key with this id, if the keyring holds it. */
    public Optional<EncryptionKey> findLegacy(String keyId) {
        return Optional.ofNullable(legacyById.get(keyId));
    }

    /** No keyset and no legacy key: copies are neither encrypted nor expected to be. */
    public boolean isEmpty() {
        return keyset == null && legacyById.isEmpty();
    }

    /** The ids this keyring knows: the keyset's (primary first), then the legacy ones. */
    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        if (keyset != null) {
            ids.add(tinkId(keyset.getPrimary().getId()));
            for (int i = 0; i < keyset.size(); i++) {
                if (!keyset.getAt(i).isPrimary()) {
                    ids.add(tinkId(keyset.getAt(i).getId()));
                }
            }
        }
        ids.addAll(legacyById.keySet());
        return List.copyOf(ids);
    }

    /** The legacy key ids only (what a legacy copy's header can name). */
    List<String> legacyIds() {
        return List.copyOf(legacyById.keySet());
    }

    /** The keyset's streaming AEAD: tries each enabled key of the keyset on decryption. */
    Optional<StreamingAead> aead() {
        return Optional.ofNullable(aead);
    }

    /** Tink key ids are unsigned 32-bit numbers; the prefix tells them from legacy ids in records and logs. */
    private static String tinkId(int id) {
        return "tink-" + Integer.toUnsignedString(id);
    }

    @Override
    public String toString() {
        return "Keyring[primary=" + primaryKeyId().orElse("none") + ", ids=" + ids() + "]";
    }
}
