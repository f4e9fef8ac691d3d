package com.aquastream.backup.core.wal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of a timeline history file, {@code TTTTTTTT.history} (upper-case hex, timeline ≥ 1): written when a
 * server is promoted, and needed by a point-in-time recovery that crosses that promotion. Anything else is refused.
 *
 * @param timeline the timeline the file starts
 */
public record TimelineHistoryName(long timeline) {

    private static final Pattern NAME = Pattern.compile("([0-9A-F]{8})\\.history");

    public TimelineHistoryName {
        if (timeline < 1 || timeline > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("a timeline is 1 to FFFFFFFF, was " + timeline);
        }
    }

    /** The history file's name parsed, or empty for anything that is not exactly one. */
    public static Optional<TimelineHistoryName> tryParse(String fileName) {
        if (fileName == null) {
            return Optional.empty();
        }
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        long timeline = Long.parseLong(m.group(1), 16);
        return timeline == 0 ? Optional.empty() : Optional.of(new TimelineHistoryName(timeline));
    }

    public String timelineHex() {
        return String.format("%08X", timeline);
    }

    public String fileName() {
        return timelineHex() + ".history";
    }
}
