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
 *
 * <p>The <b>staging area</b> {@value #STAGING_AREA} holds archives that are not backups yet: an archive is uploaded
 * there, and published under its final keys only once everything that can fail has succeeded (see
 * {@link ObjectStore}). The storage layout's own keys start with {@code postgres/} or {@code redis/}, so a staged key
 * can never be taken for a backup's, and {@link ObjectStore#list} leaves the area out of every listing not made
 * inside it.
 */
public final class ObjectKeys {

    /** S3's limit for key length (in bytes; our keys are ASCII, so characters). */
    public static final int MAX_LENGTH = 1024;

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

    /** Where archives wait for publication: {@code staging/{owner}/…}, never listed with the layout's keys. */
    public static final String STAGING_AREA = "staging/";

    private ObjectKeys() {
    }

    /**
     * The restore-worker's ledger of restore commands, one object per {@code restoreId}
     * ({@code restores/{restoreId}}): like the staging area, listed only for a prefix inside it, so no backup listing,
     * retention or reconciliation ever sees one.
     */
    public static final String RESTORE_LEDGER = "restores/";

    /** Whether {@code key} lies in the staging area. */
    public static boolean isStaged(String key) {
        return key != null && key.startsWith(STAGING_AREA);
    }

    /**
     * Whether a listing for {@code prefix} shows {@code key}: it starts with the prefix, and it is staged (or in the
     * restore ledger) only if the listing is made inside the staging area (the ledger).
     */
    public static boolean listedFor(String prefix, String key) {
        return key.startsWith(prefix) && (!isStaged(key) || prefix.startsWith(STAGING_AREA))
                && (!key.startsWith(RESTORE_LEDGER) || prefix.startsWith(RESTORE_LEDGER));
    }

    /**
     * The staging area of one owner (e.g. a request id): {@code staging/{owner}/}, a prefix for
     * {@link ObjectStore#deleteAll}. A redone request names the same area, so it finds what a crashed attempt left.
     *
     * @throws UnsafeKeyException if {@code owner} is not one safe key segment
     */
    public static String stagingArea(String owner) {
        if (owner == null || owner.contains("/")) {
            throw new UnsafeKeyException("a staging owner must be one key segment");
        }
        return requireSafePrefix(STAGING_AREA + owner + "/");
    }

    /**
     * Returns {@code prefix} if it is a staging area or a key below one ({@code staging/x/…}).
     *
     * @throws UnsafeKeyException otherwise
     */
    public static String requireStagingArea(String prefix) {
        requireSafePrefix(prefix);
        if (!isStaged(prefix) || prefix.length() <= STAGING_AREA.length()) {
            throw new UnsafeKeyException("not inside the staging area: " + Identifiers.describe(prefix));
        }
        return prefix;
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
