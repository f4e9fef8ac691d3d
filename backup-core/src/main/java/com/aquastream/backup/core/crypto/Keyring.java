package com.aquastream.backup.core.crypto;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys a process may use: at most one <em>current</em> key that new streams are encrypted with, and any number
 * of previous keys that streams written before a rotation are still decrypted with, found by the key id in each
 * stream's header.
 *
 * <p>Configured from the environment: {@code OFFSITE_ENCRYPTION_KEY_ID} and {@code OFFSITE_ENCRYPTION_KEY} (base64
 * of 32 bytes) name the current key; {@code OFFSITE_ENCRYPTION_PREVIOUS_KEYS} lists earlier ones as
 * {@code id=base64} pairs separated by commas or white space. An empty keyring means "no encryption".
 */
public final class Keyring {

    private static final Keyring EMPTY = new Keyring(null, Map.of());

    private final EncryptionKey current;
    private final Map<String, EncryptionKey> byId;

    private Keyring(EncryptionKey current, Map<String, EncryptionKey> byId) {
        this.current = current;
        this.byId = Collections.unmodifiableMap(byId);
    }

    public static Keyring empty() {
        return EMPTY;
    }

    /**
     * @param current  the key new streams are encrypted with, or {@code null} for a decrypt-only keyring
     * @param previous further keys for decryption
     * @throws IllegalArgumentException when two different keys share an id
     */
    public static Keyring of(EncryptionKey current, List<EncryptionKey> previous) {
        Map<String, EncryptionKey> byId = new LinkedHashMap<>();
        List<EncryptionKey> all = new ArrayList<>();
        if (current != null) {
            all.add(current);
        }
        all.addAll(previous);
        for (EncryptionKey key : all) {
            EncryptionKey before = byId.putIfAbsent(key.id(), key);
            if (before != null && !before.equals(key)) {
                throw new IllegalArgumentException("two different encryption keys have the id '" + key.id() + "'");
            }
        }
        return new Keyring(current, byId);
    }

    /**
     * Parses the configuration described in the class comment. Blank {@code currentBase64} and blank
     * {@code previousKeys} give the empty keyring.
     *
     * @param currentId     id of the current key; required when {@code currentBase64} is set
     * @param currentBase64 the current key, base64 of 32 bytes, or blank
     * @param previousKeys  {@code id=base64} pairs separated by commas or white space, or blank
     * @throws IllegalArgumentException on a malformed entry (messages never contain key material)
     */
    public static Keyring parse(String currentId, String currentBase64, String previousKeys) {
        EncryptionKey current = null;
        if (currentBase64 != null && !currentBase64.isBlank()) {
            if (currentId == null || currentId.isBlank()) {
                throw new IllegalArgumentException("an encryption key is set without its key id"
                        + " (OFFSITE_ENCRYPTION_KEY_ID)");
            }
            current = EncryptionKey.fromBase64(currentId.strip(), currentBase64);
        }
        List<EncryptionKey> previous = new ArrayList<>();
        if (previousKeys != null && !previousKeys.isBlank()) {
            for (String entry : previousKeys.strip().split("[,\\s]+")) {
                int eq = entry.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("previous encryption keys must be id=base64 pairs");
                }
                previous.add(EncryptionKey.fromBase64(entry.substring(0, eq), entry.substring(eq + 1)));
            }
        }
        return current == null && previous.isEmpty() ? EMPTY : of(current, previous);
    }

    /** Reads {@code OFFSITE_ENCRYPTION_KEY_ID}, {@code OFFSITE_ENCRYPTION_KEY}, {@code OFFSITE_ENCRYPTION_PREVIOUS_KEYS}. */
    public static Keyring fromEnvironment(Map<String, String> env) {
        return parse(env.get("OFFSITE_ENCRYPTION_KEY_ID"), env.get("OFFSITE_ENCRYPTION_KEY"),
                env.get("OFFSITE_ENCRYPTION_PREVIOUS_KEYS"));
    }

    /** The key new streams are encrypted with, if any. */
    public Optional<EncryptionKey> current() {
        return Optional.ofNullable(current);
    }

    /** The key with this id, if the keyring holds it. */
    public Optional<EncryptionKey> find(String keyId) {
        return Optional.ofNullable(byId.get(keyId));
    }

    public boolean isEmpty() {
        return byId.isEmpty();
    }

    /** The ids this keyring knows, current first. */
    public List<String> ids() {
        return List.copyOf(byId.keySet());
    }

    @Override
    public String toString() {
        return "Keyring[current=" + (current == null ? "none" : current.id()) + ", ids=" + byId.keySet() + "]";
    }
}
