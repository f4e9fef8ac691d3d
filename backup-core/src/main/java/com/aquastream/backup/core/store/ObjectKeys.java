package com.aquastream.backup.core.store;

import com.aquastream.backup.core.naming.Identifiers;

import java.util.regex.Pattern;

/**
 * Validation of object keys before they reach a path or an S3 request (DESIGN.md invariant 6).
 *
 * <p>A safe key is 1..1024 characters of {@code /}-separated segments; every segment is non-empty, matches
 * {@code [A-Za-z0-9._-]+}, and does not start with {@code .} (which excludes {@code .}, {@code ..} and hidden files,
 * so the filesystem store's {@code .…part} temp files can never be addressed or listed as objects). So a key can
 * neither be absolute, nor climb out of the store root, nor contain backslashes, whitespace or control characters.
 */
public final class ObjectKeys {

    /** S3's limit for key length (in bytes; our keys are ASCII, so characters). */
    public static final int MAX_LENGTH = 1024;

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

    private ObjectKeys() {
    }

    /**
     * Returns {@code key} if it is safe.
     *
     * @throws UnsafeKeyException otherwise
     */
    public static String requireSafeKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new UnsafeKeyException("object key must not be empty");
        }
        if (key.length() > MAX_LENGTH) {
            throw unsafe(key, "is longer than " + MAX_LENGTH + " characters");
        }
        // split with limit -1 keeps trailing empty strings, so "a/" and "/a" and "a//b" all show an empty segment.
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty()) {
                throw unsafe(key, "has an empty segment (absolute path, double or trailing slash)");
            }
            if (!SEGMENT.matcher(segment).matches()) {
                throw unsafe(key, "has a segment that is not [A-Za-z0-9._-]+ or starts with '.'");
            }
        }
        return key;
    }

    /**
     * Returns {@code prefix} if it is usable for {@link ObjectStore#list}: empty, or a safe key optionally followed by
     * one {@code /} (e.g. {@code postgres/app/} or {@code postgres/app/user_}).
     *
     * @throws UnsafeKeyException otherwise
     */
    public static String requireSafePrefix(String prefix) {
        if (prefix == null) {
            throw new UnsafeKeyException("prefix must not be null (use \"\" for everything)");
        }
        if (!prefix.isEmpty()) {
            requireSafeKey(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
        }
        return prefix;
    }

    private static UnsafeKeyException unsafe(String key, String why) {
        return new UnsafeKeyException("object key " + Identifiers.describe(key) + " " + why);
    }
}
