package com.aquastream.backup.restore.recovery.store;

import com.aquastream.backup.core.store.ObjectKeys;
import com.aquastream.backup.core.store.ObjectNotFoundException;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.restore.recovery.RestoreLedger;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * The restore ledger in the primary object store: one small object per command, {@code restores/{restoreId}}
 * ({@link ObjectKeys#RESTORE_LEDGER}), which no listing of backups shows (so retention, the catalog's scans and the
 * offsite reconciliation never see one). Its first line is the state; the rest says what and when, for an operator.
 *
 * <p>Why the store and not a table: the worker has no database of its own, a target database is dropped and
 * recreated in a disaster (and a VERIFY or a Redis drill has none), while every worker instance already reads the
 * store and a restore cannot run without it. A {@code put} is atomic (readers see the old or the new object), and
 * the commands of one {@code restoreId} come on one partition (key {@code db.schema}), one at a time, so no two
 * workers write one object at once.
 */
public final class StoreRestoreLedger implements RestoreLedger {

    private final ObjectStore store;
    private final Clock clock;

    public StoreRestoreLedger(ObjectStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Optional<State> stateOf(UUID restoreId) throws IOException {
        byte[] content;
        try (InputStream in = store.get(keyOf(restoreId))) {
            content = in.readNBytes(4096);
        } catch (ObjectNotFoundException absent) {
            return Optional.empty();
        }
        String first = new String(content, StandardCharsets.UTF_8).lines().findFirst().orElse("");
        // Anything unreadable counts as finished: refusing a command is safe, running one twice is not.
        return Optional.of(first.equals("state=" + State.ACCEPTED) ? State.ACCEPTED : State.FINISHED);
    }

    @Override
    public void accepted(RestoreRequested command) throws IOException {
        if (stateOf(command.restoreId()).isEmpty()) {
            write(command, State.ACCEPTED, null);
        }
    }

    @Override
    public void finished(RestoreRequested command, String outcome) throws IOException {
        write(command, State.FINISHED, outcome);
    }

    private void write(RestoreRequested c, State state, String outcome) throws IOException {
        String text = "state=" + state + "\n"
                + "restoreId=" + c.restoreId() + "\n"
                + "command=" + c.mode() + " " + c.database() + "." + c.schema() + " into "
                + c.targetDatabaseOrDefault() + "\n"
                + "occurredAt=" + c.occurredAt() + "\n"
                + (outcome == null ? "" : "outcome=" + outcome.replaceAll("[\\r\\n]+", " ") + "\n")
                + "at=" + clock.instant() + "\n";
        store.put(keyOf(c.restoreId()), new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    static String keyOf(UUID restoreId) {
        return ObjectKeys.RESTORE_LEDGER + restoreId;
    }
}
