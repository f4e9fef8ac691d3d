package com.aquastream.backup.alerting.alert;

import java.util.Locale;

/** How urgent an alert is; channels receive alerts at or above their minimum severity. Ordered from least urgent. */
public enum Severity {
    INFO, WARNING, CRITICAL;

    /** The wire form in {@code alert.raised}: lower case, e.g. {@code critical}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@code info}, {@code warning} or {@code critical}, in any case. */
    public static Severity parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }

    boolean isAtLeast(Severity minimum) {
        return compareTo(minimum) >= 0;
    }
}
