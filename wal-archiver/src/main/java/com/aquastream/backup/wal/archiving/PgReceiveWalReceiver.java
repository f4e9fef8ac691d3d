package com.aquastream.backup.wal.archiving;

import com.aquastream.backup.core.wal.PgReceiveWal;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;

/** The {@link Receiver} of a real cluster: backup-core's {@link PgReceiveWal}. */
final class PgReceiveWalReceiver implements Receiver {

    private static final Duration CREATE_SLOT_TIMEOUT = Duration.ofSeconds(60);
    /** How often pg_receivewal tells the server how far it got (what the slot keeps). */
    private static final Duration STATUS_INTERVAL = Duration.ofSeconds(10);

    private final PgReceiveWal receiveWal;

    PgReceiveWalReceiver(ClusterSettings cluster, Path binDir) {
        String executable = binDir == null ? "pg_receivewal" : binDir.resolve("pg_receivewal").toString();
        this.receiveWal = new PgReceiveWal(new PgReceiveWal.Settings(executable, cluster.host(), cluster.port(),
                cluster.user(), cluster.password(), cluster.slot(), cluster.directory(), false, STATUS_INTERVAL));
    }

    @Override
    public void createSlot() throws IOException {
        receiveWal.createSlot(CREATE_SLOT_TIMEOUT);
    }

    @Override
    public Running start() throws IOException {
        PgReceiveWal.Receiving receiving = receiveWal.start();
        return new Running() {
            @Override
            public boolean isAlive() {
                return receiving.isAlive();
            }

            @Override
            public OptionalInt exitCode() {
                return receiving.exitCode();
            }

            @Override
            public String stderr() {
                return receiving.stderr();
            }

            @Override
            public int stop(Duration timeout) throws IOException {
                return receiving.stop(timeout);
            }
        };
    }
}
