package com.aquastream.backup.core.wal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Keeps the last lines of a child's stderr, read by a daemon thread so the child never blocks on a full pipe.
 */
final class StderrTail {

    private static final int LINES = 50;

    private final Deque<String> lines = new ArrayDeque<>();
    private final Thread reader;

    StderrTail(InputStream stream, String program) {
        reader = new Thread(() -> drain(stream), program + "-stderr");
        reader.setDaemon(true);
        reader.start();
    }

    /** Waits (bounded) until the ended process's last lines are read. */
    void awaitEnd(Duration timeout) {
        try {
            reader.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain(InputStream stream) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (lines) {
                    if (lines.size() == LINES) {
                        lines.removeFirst();
                    }
                    lines.addLast(line);
                }
            }
        } catch (IOException ignored) {
            // the process ended; what was read is kept
        }
    }

    String text() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }
}
