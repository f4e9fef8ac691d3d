package com.aquastream.backup.wal.archiving;

import java.io.IOException;
import java.time.Duration;
import java.util.OptionalInt;

/** Receives one cluster's WAL into its directory: pg_receivewal through a physical slot (core {@code PgReceiveWal}). */
public interface Receiver {

    /** Creates the replication slot unless it exists. */
    void createSlot() throws IOException;

    /** Starts receiving; the returned handle tells whether it still runs. */
    Running start() throws IOException;

    /** A started receiver. */
    interface Running {

        boolean isAlive();

        /** The exit code once it ended. */
        OptionalInt exitCode();

        /** Its last words (stderr lines), never a password. */
        String stderr();

        /** Asks it to flush and stop (SIGINT), waits up to {@code timeout}, then kills it; returns the exit code. */
        int stop(Duration timeout) throws IOException;
    }
}
