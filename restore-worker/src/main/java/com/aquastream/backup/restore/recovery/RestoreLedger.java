package com.aquastream.backup.restore.recovery;

import com.aquastream.backup.events.RestoreRequested;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What became of each {@code restoreId}, remembered durably and shared by every restore-worker instance, so that a
 * restore command runs at most once however often it is delivered (DESIGN.md, Security).
 *
 * <p>A command is {@link State#ACCEPTED} once it passed its checks and is about to run, and {@link State#FINISHED}
 * once it was answered ({@code restore.completed}, {@code verified}, {@code failed} or a {@code rejected} after it was
 * accepted). Only a finished one is a replay: an accepted one whose worker died (kill -9) is delivered again by Kafka
 * and must be redone, also after {@code restore.max-command-age}, because it was on time when it first arrived.
 */
public interface RestoreLedger {

    /** How far a command got. */
    enum State { ACCEPTED, FINISHED }

    /** The state recorded for {@code restoreId}, empty for a command never accepted. */
    Optional<State> stateOf(UUID restoreId) throws IOException;

    /** Records that {@code command} passed its checks and will run; idempotent for a redelivered one. */
    void accepted(RestoreRequested command) throws IOException;

    /** Records that {@code command} was answered with {@code outcome}; written before the answer is published. */
    void finished(RestoreRequested command, String outcome) throws IOException;

    /** A ledger of this process only, forgotten when it ends: for tests and one-off tools, never shared. */
    static RestoreLedger inMemory() {
        Map<UUID, State> states = new ConcurrentHashMap<>();
        return new RestoreLedger() {
            @Override
            public Optional<State> stateOf(UUID restoreId) {
                return Optional.ofNullable(states.get(restoreId));
            }

            @Override
            public void accepted(RestoreRequested command) {
                states.putIfAbsent(command.restoreId(), State.ACCEPTED);
            }

            @Override
            public void finished(RestoreRequested command, String outcome) {
                states.put(command.restoreId(), State.FINISHED);
            }
        };
    }
}
