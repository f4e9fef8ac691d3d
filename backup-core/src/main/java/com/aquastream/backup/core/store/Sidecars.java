package com.aquastream.backup.core.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code {key}.sha256} checksum sidecar stored beside every archive, in {@code sha256sum} format
 * ({@code "<64 hex>  <file name>\n"}), so an operator can check a downloaded archive with {@code sha256sum -c}.
 */
public final class Sidecars {

    private static final Pattern LINE = Pattern.compile("^([0-9a-fA-F]{64})(?:[ \\t]+\\*?(\\S.*))?\\s*$");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    private Sidecars() {
    }

    /**
     * The sidecar text for an object: {@code "<sha>  <basename of key>\n"} (two spaces: sha256sum's text mode).
     *
     * @throws IllegalArgumentException if {@code sha256Hex} is not 64 lower-case hex characters
     */
    public static String format(String sha256Hex, String key) {
        Objects.requireNonNull(key, "key");
        if (sha256Hex == null || !HEX64.matcher(sha256Hex).matches()) {
            throw new IllegalArgumentException("not a lower-case hex SHA-256");
        }
        return sha256Hex + "  " + key.substring(key.lastIndexOf('/') + 1) + "\n";
    }

    /**
     * The SHA-256 recorded in the sidecar object {@code sidecarKey} of {@code store} (its first 4 KiB suffice).
     *
     * @throws IllegalArgumentException if the sidecar holds no SHA-256
     */
    public static String read(ObjectStore store, String sidecarKey) throws IOException {
        try (InputStream in = store.get(sidecarKey)) {
            return parseSha256(new String(in.readNBytes(4096), StandardCharsets.US_ASCII));
        }
    }

    /**
     * The SHA-256 in a sidecar's text, lower-cased; accepts {@code sha256sum} output (first line, optional file name,
     * optional binary-mode {@code *}) and a bare hex digest.
     *
     * @throws IllegalArgumentException if the text does not start with exactly 64 hex characters
     */
    public static String parseSha256(String sidecarText) {
        Objects.requireNonNull(sidecarText, "sidecarText");
        String firstLine = sidecarText.strip().lines().findFirst().orElse("");
        Matcher m = LINE.matcher(firstLine);
        if (!m.matches()) {
            throw new IllegalArgumentException("sidecar does not start with a 64-character hex SHA-256");
        }
        return m.group(1).toLowerCase(Locale.ROOT);
    }
}
