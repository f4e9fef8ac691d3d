package com.aquastream.backup.core.checksum;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers: lower-case hex rendering and streaming digests (never reads a whole input into memory). */
public final class Sha256 {

    private static final int BUFFER = 64 * 1024;

    private Sha256() {
    }

    /** A fresh SHA-256 digest (every JRE has it, so the checked exception becomes an error). */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 not available", e);
        }
    }

    /** Lower-case hex of {@code bytes}. */
    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** Lower-case hex SHA-256 of everything {@code in} yields, read to EOF with a bounded buffer; does not close it. */
    public static String of(InputStream in) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = in.read(buffer)) != -1) {
            digest.update(buffer, 0, n);
        }
        return hex(digest.digest());
    }

    /** Lower-case hex SHA-256 of {@code bytes}. */
    public static String of(byte[] bytes) {
        return hex(newDigest().digest(bytes));
    }
}
