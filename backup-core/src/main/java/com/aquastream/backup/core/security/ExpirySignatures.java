package com.aquastream.backup.core.security;

import com.aquastream.backup.events.BackupExpired;
import com.aquastream.backup.events.StoredObject;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks {@code backup.expired} (DESIGN.md, Security): HMAC-SHA256 over the event's canonical fields with a
 * key of its own (not the restore key: a service that may delete backups need not be able to order restores, and the
 * other way round), held by the issuer (the catalog) and the deleters (backup-worker, offsite-replicator).
 *
 * <p>Every key has an id, carried in the event's {@code keyId} and signed with it, so a key can be rotated without
 * downtime: the deleters accept the current key and the previous ones they are given, the issuer signs with its
 * current key only.
 *
 * <p>The canonical form is one line per field in a fixed order, {@code name=value}, absent values empty: the scheme
 * version, {@code keyId}, {@code eventId}, {@code occurredAt}, {@code database}, {@code schema}, {@code backupId},
 * {@code pinned}, the number of objects, then one {@code object=TIER key} line per object in the event's order, and
 * {@code reason}. So any change of meaning (another key or tier, one object more or less, a pinned backup, another
 * schema) breaks the signature. A value cannot forge another line: one containing a line break cannot be signed, and
 * such an event never verifies. {@code eventId} and {@code occurredAt} are signed too, so a captured event can be
 * replayed only as itself, which deletes nothing more than it already did.
 */
public final class ExpirySignatures {

    private static final String ALGORITHM = "HmacSHA256";
    private static final String VERSION = "backup.expired.v1";
    private static final int MIN_KEY_BYTES = 32;
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final String currentKeyId;
    private final Map<String, SecretKeySpec> keys;

    /**
     * @param keyId the id of the key, {@code [A-Za-z0-9._-]}, at most 64 characters (e.g. {@code expiry-2025-08})
     * @param key   the shared secret, at least 32 bytes (e.g. from {@code EXPIRY_SIGNING_KEY})
     */
    public ExpirySignatures(String keyId, byte[] key) {
        this(keyId, key, Map.of());
    }

    /**
     * @param previousKeys keys rotated out, by id: events signed with them still verify, nothing is signed with them
     */
    public ExpirySignatures(String keyId, byte[] key, Map<String, byte[]> previousKeys) {
        Map<String, SecretKeySpec> all = new LinkedHashMap<>();
        all.put(requireKeyId(keyId), secret(keyId, key));
        Objects.requireNonNull(previousKeys, "previousKeys").forEach((id, bytes) -> {
            if (all.put(requireKeyId(id), secret(id, bytes)) != null) {
                throw new IllegalArgumentException("expiry signing key id " + id + " is given twice");
            }
        });
        this.currentKeyId = keyId;
        this.keys = Map.copyOf(all);
    }

    /**
     * Parses previous keys as given in the environment: {@code id=secret,id=secret}, secrets taken as UTF-8 (blank:
     * none). A secret may not contain a comma.
     */
    public static Map<String, byte[]> parseKeys(String spec) {
        Map<String, byte[]> parsed = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return parsed;
        }
        for (String entry : spec.split(",")) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expiry signing keys must be id=secret pairs separated by commas");
            }
            String id = entry.substring(0, eq).trim();
            if (parsed.put(id, entry.substring(eq + 1).trim().getBytes(StandardCharsets.UTF_8)) != null) {
                throw new IllegalArgumentException("expiry signing key id " + id + " is given twice");
            }
        }
        return parsed;
    }

    /** The id of the key events are signed with. */
    public String keyId() {
        return currentKeyId;
    }

    /** The event signed with the current key: its {@code keyId} and {@code signature} set. */
    public BackupExpired signed(BackupExpired event) {
        return event.withSignature(currentKeyId, hmac(keys.get(currentKeyId),
                canonical(event.withSignature(currentKeyId, null))));
    }

    /**
     * Whether the event carries a signature made with one of this service's keys over exactly its fields; compared in
     * constant time.
     */
    public SignatureCheck check(BackupExpired event) {
        String presented = event.signature();
        if (presented == null || presented.isBlank()) {
            return new SignatureCheck.Invalid("backup.expired is not signed");
        }
        if (event.keyId() == null || event.keyId().isBlank()) {
            return new SignatureCheck.Invalid("backup.expired names no signing key id");
        }
        SecretKeySpec key = keys.get(event.keyId());
        if (key == null) {
            return new SignatureCheck.Invalid("backup.expired is signed with key id '" + printable(event.keyId())
                    + "', which this service does not hold (it holds " + keys.keySet().stream().sorted().toList()
                    + ")");
        }
        String expected;
        try {
            expected = hmac(key, canonical(event));
        } catch (IllegalArgumentException unsignable) {
            return new SignatureCheck.Invalid("backup.expired cannot be verified: " + unsignable.getMessage());
        }
        boolean equal = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                presented.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        return equal ? new SignatureCheck.Valid(event.keyId())
                : new SignatureCheck.Invalid("backup.expired signature does not match its fields under key id '"
                        + event.keyId() + "' (forged, altered, or signed with another key)");
    }

    static String canonical(BackupExpired e) {
        List<StoredObject> objects = e.objects() == null ? List.of() : e.objects();
        StringBuilder text = new StringBuilder(VERSION).append('\n')
                .append(line("keyId", e.keyId()))
                .append(line("eventId", e.eventId()))
                .append(line("occurredAt", e.occurredAt()))
                .append(line("database", e.database()))
                .append(line("schema", e.schema()))
                .append(line("backupId", e.backupId()))
                .append(line("pinned", e.pinned()))
                .append(line("objects", objects.size()));
        for (StoredObject o : objects) {
            if (o == null) {
                throw new IllegalArgumentException("objects contains null");
            }
            text.append(line("object", (o.tier() == null ? "" : o.tier().name()) + " "
                    + (o.key() == null ? "" : o.key())));
        }
        return text.append(line("reason", e.reason())).toString();
    }

    private static String line(String name, Object value) {
        String text = value == null ? "" : value.toString();
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(name + " contains a line break and cannot be signed");
        }
        return name + "=" + text + "\n";
    }

    private static String hmac(SecretKeySpec key, String canonical) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    private static String requireKeyId(String keyId) {
        if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException("an expiry signing key id must be 1 to 64 of [A-Za-z0-9._-], was '"
                    + (keyId == null ? "" : printable(keyId)) + "'");
        }
        return keyId;
    }

    private static SecretKeySpec secret(String keyId, byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the expiry signing key " + keyId + " must have at least "
                    + MIN_KEY_BYTES + " bytes, had " + key.length);
        }
        return new SecretKeySpec(key.clone(), ALGORITHM);
    }

    private static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "…" : s;
        return cut.replaceAll("[^\\x20-\\x7E]", "?");
    }
}
