package com.aquastream.backup.worker.backup;

import com.aquastream.backup.events.BackupCompleted;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The rules that keep a request from changing the past (issue 14): a request is untrusted input, and its slot
 * ({@code scheduledFor}, else {@code occurredAt}) decides which names it writes. Two rules, both about that slot:
 * <ul>
 *   <li>a slot in the future beyond the clock skew is refused: it would create names that sort as the newest of
 *       their series (never expired, winning every "latest" lookup). A past slot is allowed: it is a legitimate
 *       catch-up, and what every simulation of many days sends to the real worker;</li>
 *   <li>a week's or month's key that holds another request's announced backup may be replaced only by a request of a
 *       later slot than that backup's (the catalog's rule: the period's copy is its newest backup), and only while
 *       it is the newest copy of its series in the store: once a later week or month has its copy, the period is
 *       over, and a request with an old {@code scheduledFor} (a replay, a forgery) must not put today's data under
 *       its name. The store, not the worker's clock, says what is over, so simulations that send slots of another
 *       year to the real worker still replace a week's copy within their own calendar.</li>
 * </ul>
 */
final class History {

    private History() {
    }

    /** Why a request of this slot is refused, if it lies more than {@code skew} after {@code now}. */
    static Optional<String> futureSlot(Instant slot, Instant now, Duration skew) {
        if (slot.isAfter(now.plus(skew))) {
            return Optional.of("slot " + slot + " lies in the future (worker clock " + now + ", allowed skew "
                    + skew + ")");
        }
        return Optional.empty();
    }

    /**
     * The slot a stored backup stands for: its {@code scheduledFor}, recorded since v1.1; for an older manifest its
     * {@code startedAt} (a backup never starts before its slot, so this is the latest its slot can have been).
     */
    static Instant slotOf(BackupCompleted stored) {
        return stored.scheduledFor() != null ? stored.scheduledFor() : stored.startedAt();
    }

    /**
     * Why the backup of {@code slot} must not replace the one {@code key} holds, if it must not.
     *
     * @param heldSlot the held backup's slot ({@link #slotOf}); unknown ({@code null}) refuses
     */
    static Optional<String> replacing(String key, Instant slot, Instant heldSlot) {
        if (heldSlot == null || !slot.isAfter(heldSlot)) {
            return Optional.of("refusing to rewrite history: " + key + " holds the backup of slot " + heldSlot
                    + ", and this request's slot " + slot + " is not later");
        }
        return Optional.empty();
    }

    /**
     * Why {@code key} (a week's or month's copy, {@code …/weekly_{schema}_YYYY-WW…} or {@code …/monthly_…_YYYY-MM…})
     * must not be replaced because a later copy of its series is announced in the store, if one is.
     *
     * @param announced the keys with a manifest in the schema's area
     */
    static Optional<String> laterCopyOf(String key, List<String> announced) {
        Optional<String[]> series = seriesOf(key);
        if (series.isEmpty()) {
            return Optional.empty();
        }
        String prefix = series.get()[0];
        String stamp = series.get()[1];
        return announced.stream()
                .map(History::seriesOf).flatMap(Optional::stream)
                .filter(other -> other[0].equals(prefix) && other[1].compareTo(stamp) > 0)
                .map(other -> "refusing to rewrite history: " + key + " is no longer the newest of its series ("
                        + other[0] + other[1] + " is announced), so its period is over")
                .findFirst();
    }

    /**
     * The series prefix ({@code …/weekly_{schema}_}) and the stamp ({@code YYYY-WW}, {@code YYYY-MM}: fixed width, so
     * they compare like the periods they name) of a week's or month's key.
     */
    private static Optional<String[]> seriesOf(String key) {
        int slash = key.lastIndexOf('/');
        String file = key.substring(slash + 1);
        if (!file.startsWith("weekly_") && !file.startsWith("monthly_")) {
            return Optional.empty();
        }
        int dot = file.indexOf('.');
        String stem = dot < 0 ? file : file.substring(0, dot);
        int lastUnderscore = stem.lastIndexOf('_');
        if (lastUnderscore < 0) {
            return Optional.empty();
        }
        return Optional.of(new String[] {key.substring(0, slash + 1) + stem.substring(0, lastUnderscore + 1),
                stem.substring(lastUnderscore + 1)});
    }
}
