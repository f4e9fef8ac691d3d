package com.aquastream.backup.core.security;

import com.aquastream.backup.events.RestoreRequested;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks {@code restore.requested} commands (DESIGN.md, Security): HMAC-SHA256 over the command's
 * canonical fields with a key shared by the issuers (catalog API, CLI) and the restore-worker.
 *
 * <p>The canonical form is one line per field in a fixed order, each {@code name=value} with absent values empty
 * and the effective defaults applied ({@code safetyBackup} true, {@code targetDatabase} the source), so two
 * commands that mean the same sign the same and any change of meaning breaks the signature. Values cannot forge
 * another line: a field containing a line break or {@code =} is refused, and identifiers never contain them.
 * {@code eventId}, {@code occurredAt} and {@code requestedBy} are signed too, so a captured command cannot be
 * replayed under another identity; replays of the very same command are caught by the restore id.
 * The fields added later ({@code force}, {@code asOf}, {@code batchId}, {@code sha256}) follow as further lines, each
 * only when set ({@code force} only when true); {@code sha256} is signed in lower case, as the store records it.
 */
public final class RestoreSignatures {

    private static final String ALGORITHM = "HmacSHA256";
    private static final String VERSION = "restore.requested.v1";
    private static final int MIN_KEY_BYTES = 32;

    private final SecretKeySpec key;

    /** @param key the shared secret, at least 32 bytes (e.g. from {@code RESTORE_SIGNING_KEY}) */
    public RestoreSignatures(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the restore signing key must have at least " + MIN_KEY_BYTES
                    + " bytes, had " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    }

    /** Hex HMAC of the command's canonical form; the command's own {@code signature} is ignored. */
    public String sign(RestoreRequested command) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(canonical(command).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    /** True only for a present signature equal to {@link #sign}; compared in constant time. */
    public boolean verify(RestoreRequested command) {
        String presented = command.signature();
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        String expected;
        try {
            expected = sign(command);
        } catch (IllegalArgumentException unsignable) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                presented.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    /** The command with its signature set. */
    public RestoreRequested signed(RestoreRequested c) {
        return c.withSignature(sign(c));
    }

    static String canonical(RestoreRequested c) {
        return VERSION + "\n"
                + line("eventId", c.eventId())
                + line("occurredAt", c.occurredAt())
                + line("database", c.database())
                + line("schema", c.schema())
                + line("restoreId", c.restoreId())
                + line("backupId", c.backupId())
                + line("key", c.key())
                + line("targetDatabase", c.targetDatabaseOrDefault())
                + line("mode", c.mode())
                + line("safetyBackup", c.safetyBackupOrDefault())
                + line("requestedBy", c.requestedBy())
                + optionalLine("force", c.forceOrDefault() ? Boolean.TRUE : null)
                + optionalLine("asOf", c.asOf())
                + optionalLine("batchId", c.batchId())
                + optionalLine("sha256", c.sha256() == null ? null : c.sha256().toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * Fields added after v1 are signed only when they carry meaning, so every v1 command (and v1 signer) keeps its
     * signature, while a captured command cannot be given {@code force} or another {@code asOf} without the key.
     */
    private static String optionalLine(String name, Object value) {
        return value == null ? "" : line(name, value);
    }

    private static String line(String name, Object value) {
        String text = value == null ? "" : value.toString();
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(name + " contains a line break and cannot be signed");
        }
        return name + "=" + text + "\n";
    }
}
