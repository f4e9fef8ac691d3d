package com.aquastream.backup.core.pg;

import java.io.InputStream;

/**
 * A running dump whose archive is read from {@link #stdout()}.
 *
 * <p>Contract: {@link #stdout()} yields the archive bytes; at its end it waits for the process and, unless the dump
 * succeeded, throws {@link DumpFailedException} instead of returning EOF — so a half-written archive can never look
 * complete to a consumer. The caller must consume stdout (or {@link #abort()}); the process blocks once its pipe is
 * full.
 */
public interface DumpProcess {

    /** The archive stream (single use; always the same instance). */
    InputStream stdout();

    /** Stops the dump: kills the process; a reader of {@link #stdout()} then gets a DumpFailedException "aborted". */
    void abort();

    /** Waits for the process to end (bounded by the dumper's timeout) and reports how it ended. */
    DumpResult await() throws InterruptedException;
}
