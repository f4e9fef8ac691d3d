package com.aquastream.backup.restore.recovery.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.core.store.FilesystemObjectStore;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.restore.recovery.RestoreLedger.State;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreRestoreLedgerTest {

    @TempDir
    Path root;

    @Test
    void knowsNothingOfACommandNeverAccepted() throws Exception {
        assertThat(ledger().stateOf(UUID.randomUUID())).isEmpty();
    }

    @Test
    void remembersACommandAcceptedThenFinishedUnderTheRestoresPrefix() throws Exception {
        RestoreRequested command = aCommand();
        StoreRestoreLedger ledger = ledger();

        ledger.accepted(command);
        State accepted = ledger.stateOf(command.restoreId()).orElseThrow();
        ledger.finished(command, "RestoreCompleted");

        assertThat(accepted).isEqualTo(State.ACCEPTED);
        assertThat(ledger().stateOf(command.restoreId())).contains(State.FINISHED);
        assertThat(store().list("restores/")).containsExactly("restores/" + command.restoreId());
        assertThat(store().list("")).isEmpty();
    }

    @Test
    void keepsAFinishedCommandFinishedWhenItIsAcceptedAgain() throws Exception {
        RestoreRequested command = aCommand();
        ledger().finished(command, "RestoreFailed");

        ledger().accepted(command);

        assertThat(ledger().stateOf(command.restoreId())).contains(State.FINISHED);
    }

    @Test
    void takesAnEntryItCannotReadForAFinishedOne() throws Exception {
        UUID restoreId = UUID.randomUUID();
        store().put("restores/" + restoreId, new ByteArrayInputStream("garbage".getBytes(StandardCharsets.UTF_8)));

        assertThat(ledger().stateOf(restoreId)).contains(State.FINISHED);
    }

    private FilesystemObjectStore store() {
        return new FilesystemObjectStore(root);
    }

    private StoreRestoreLedger ledger() {
        return new StoreRestoreLedger(store(), Clock.fixed(Instant.parse("2025-08-18T10:00:00Z"), ZoneOffset.UTC));
    }

    private static RestoreRequested aCommand() {
        return new RestoreRequested(UUID.randomUUID(), Instant.parse("2025-08-18T09:59:00Z"), "app", "user",
                UUID.randomUUID(), null, "postgres/app/user_20250818.dump.gz", null, RestoreMode.RESTORE, false,
                "ops", "00");
    }
}
