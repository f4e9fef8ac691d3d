package com.aquastream.backup.alerting.alert;

import java.time.Instant;

/** What the rule engine decided about one alert: it was raised, it resolved, or it is due for a reminder. */
sealed interface AlertChange {

    Alert alert();

    Instant at();

    /** The condition became true; the alert is new. */
    record Raised(Alert alert, Instant at) implements AlertChange {
    }

    /** The condition cleared; {@code resolution} says why, e.g. "a backup completed". */
    record Resolved(Alert alert, Instant at, String resolution) implements AlertChange {
    }

    /** The alert is still open and the reminder interval passed since the channels last heard of it. */
    record Reminded(Alert alert, Instant at) implements AlertChange {
    }
}
