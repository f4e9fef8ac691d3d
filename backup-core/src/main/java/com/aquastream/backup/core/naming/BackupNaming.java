package com.aquastream.backup.core.naming;

import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.events.Tier;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The storage layout of DESIGN.md: which tiers a scheduled day produces and the object key of each archive.
 *
 * <p>Keys are {@code postgres/{database}/{name}} with the operating manual's names, e.g. {@code user_20250818.dump.gz},
 * {@code weekly_event_2025-33.dump.gz} (ISO week-based year and week), {@code monthly_user_2025-09.dump.gz},
 * {@code manual_user_20250818T020000Z.dump.gz}; Redis snapshots are {@code redis/{instance}/dump_{ts}.rdb.gz}. All
 * dates are the UTC date of the slot. Every name component is validated with {@link Identifiers} first.
 */
public final class BackupNaming {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    /** Suffix of the checksum sidecar stored beside every object. */
    public static final String SIDECAR_SUFFIX = ".sha256";
    /** The backup's record ({@code backup.completed}) kept beside each of its objects. */
    public static final String MANIFEST_SUFFIX = ".manifest.json";

    private BackupNaming() {
    }

    /**
     * The tiers a scheduled backup taken on {@code date} (UTC) serves: always DAILY, plus WEEKLY on Sundays and
     * MONTHLY on the 1st, in that order.
     */
    public static List<Tier> scheduledTiersFor(LocalDate date) {
        Objects.requireNonNull(date, "date");
        List<Tier> tiers = new ArrayList<>(3);
        tiers.add(Tier.DAILY);
        if (date.getDayOfWeek() == DayOfWeek.SUNDAY) {
            tiers.add(Tier.WEEKLY);
        }
        if (date.getDayOfMonth() == 1) {
            tiers.add(Tier.MONTHLY);
        }
        return List.copyOf(tiers);
    }

    /**
     * The object key of a PostgreSQL schema archive.
     *
     * @param slot the scheduled slot (for DAILY/WEEKLY/MONTHLY only its UTC date matters) or, for MANUAL and
     *             PRE_RESTORE, the moment the backup was taken (to the second)
     * @throws InvalidIdentifierException if database or schema is not a plain identifier
     */
    public static String objectKey(String database, String schema, Tier tier, Instant slot, Compression compression) {
        Identifiers.requireIdentifier("database", database);
        Identifiers.requireIdentifier("schema", schema);
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(compression, "compression");
        ZonedDateTime utc = slot.atZone(ZoneOffset.UTC);
        String stem = switch (tier) {
            case DAILY -> schema + "_" + DAY.format(utc);
            case WEEKLY -> "weekly_" + schema + "_" + isoWeek(utc.toLocalDate());
            case MONTHLY -> "monthly_" + schema + "_" + MONTH.format(utc);
            case MANUAL, PRE_RESTORE -> "manual_" + schema + "_" + TIMESTAMP.format(utc);
        };
        return "postgres/" + database + "/" + stem + ".dump" + compression.extension();
    }

    /**
     * The object key of a Redis RDB snapshot taken at {@code at}: {@code redis/{instance}/dump_{yyyyMMdd'T'HHmmss'Z'}.rdb.gz}.
     *
     * @throws InvalidIdentifierException if instance is not a plain identifier
     */
    public static String redisKey(String instance, Instant at, Compression compression) {
        Identifiers.requireIdentifier("instance", instance);
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(compression, "compression");
        return "redis/" + instance + "/dump_" + TIMESTAMP.format(at.atZone(ZoneOffset.UTC)) + ".rdb"
                + compression.extension();
    }

    /** The key of the checksum sidecar of {@code key}: {@code key + ".sha256"}. */
    public static String sidecarKey(String key) {
        Objects.requireNonNull(key, "key");
        return key + SIDECAR_SUFFIX;
    }

    /**
     * {@code YYYY-WW}: ISO week-based year and two-digit ISO week. Why not {@code yyyy}: around New Year the calendar
     * year and the week's year differ (2021-01-03 belongs to 2020-53, 2024-12-30 to 2025-01).
     */
    static String isoWeek(LocalDate date) {
        return String.format("%04d-%02d", date.get(IsoFields.WEEK_BASED_YEAR), date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    /** {@code {key}.manifest.json}: the record of the backup that {@code key} belongs to. */
    public static String manifestKey(String key) {
        Objects.requireNonNull(key, "key");
        return key + MANIFEST_SUFFIX;
    }

    /** Where a schema's objects live: {@code postgres/{database}/}, or {@code redis/{instance}/} for Redis. */
    public static String areaOf(String database, String schema) {
        return "redis".equals(database) ? "redis/" + schema + "/" : "postgres/" + database + "/";
    }

    /**
     * Whether {@code key} names an object of {@code database.schema} in the storage layout: directly under
     * {@code postgres/{database}/} (or {@code redis/{instance}/} for database {@code redis}) with a name of that
     * schema's ({@code {schema}_…}, {@code weekly_{schema}_…}, {@code monthly_{schema}_…}, {@code manual_{schema}_…};
     * Redis {@code dump_…}). Used to refuse commands whose key points at another schema's backups.
     */
    public static boolean isObjectOf(String key, String database, String schema) {
        if (key == null || !Identifiers.isIdentifier(database) || !Identifiers.isIdentifier(schema)) {
            return false;
        }
        boolean redis = "redis".equals(database);
        String area = areaOf(database, schema);
        if (!key.startsWith(area)) {
            return false;
        }
        String name = key.substring(area.length());
        String s = java.util.regex.Pattern.quote(schema);
        String ext = "\\.(gz|zst)";
        return name.matches(redis ? "dump_\\d{8}T\\d{6}Z\\.rdb" + ext
                : "(" + s + "_\\d{8}|weekly_" + s + "_\\d{4}-\\d{2}|monthly_" + s + "_\\d{4}-\\d{2}|manual_" + s
                + "_\\d{8}T\\d{6}Z)\\.dump" + ext);
    }
}
