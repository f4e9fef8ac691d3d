package com.aquastream.backup.e2e;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the operator manual says must be left after a history of daily backups, computed here from the calendar
 * alone, independently of the product's naming, scheduling and retention code: every successful day writes
 * {@code {schema}_{YYYYMMDD}.dump.gz}; a week's {@code weekly_{schema}_{YYYY-WW}.dump.gz} (ISO week) is written by
 * its Sunday and, until it exists, by the week's first successful day (the carry-over when a Sunday fails); a
 * month's {@code monthly_{schema}_{YYYY-MM}.dump.gz} by its 1st and, until it exists, by its first successful day.
 * Retention keeps per tier the newest 7 / 4 / 3 objects by when they were last written, however old they are.
 */
final class ManualsExpectedSet {

    static final int DAILY = 7;
    static final int WEEKLY = 4;
    static final int MONTHLY = 3;

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM");

    private ManualsExpectedSet() {
    }

    /** The object keys ({@code postgres/{database}/…}) the manual's retention leaves for one schema. */
    static Set<String> of(String database, String schema, List<LocalDate> days, Set<LocalDate> failedDays) {
        Map<String, LocalDate> dailies = new LinkedHashMap<>();
        Map<String, LocalDate> weeklies = new LinkedHashMap<>();
        Map<String, LocalDate> monthlies = new LinkedHashMap<>();
        for (LocalDate day : days) {
            if (failedDays.contains(day)) {
                continue;
            }
            dailies.put(schema + "_" + DAY.format(day), day);
            String week = "weekly_" + schema + "_" + isoWeek(day);
            if (day.getDayOfWeek() == DayOfWeek.SUNDAY || !weeklies.containsKey(week)) {
                weeklies.put(week, day);
            }
            String month = "monthly_" + schema + "_" + MONTH.format(day);
            if (day.getDayOfMonth() == 1 || !monthlies.containsKey(month)) {
                monthlies.put(month, day);
            }
        }
        Set<String> kept = new TreeSet<>();
        kept.addAll(newest(dailies, DAILY));
        kept.addAll(newest(weeklies, WEEKLY));
        kept.addAll(newest(monthlies, MONTHLY));
        return kept.stream().map(name -> "postgres/" + database + "/" + name + ".dump.gz")
                .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }

    /** {@code YYYY-WW} of the ISO week-based year, e.g. 2025-33. */
    static String isoWeek(LocalDate day) {
        return String.format("%d-%02d", day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    private static List<String> newest(Map<String, LocalDate> lastWritten, int count) {
        return lastWritten.entrySet().stream()
                .sorted(Map.Entry.<String, LocalDate>comparingByValue(Comparator.reverseOrder()))
                .limit(count).map(Map.Entry::getKey).toList();
    }
}
