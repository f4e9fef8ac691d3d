package com.aquastream.backup.core.pg;

import java.time.Duration;
import java.util.Objects;

/** How a dump process ended: {@link Succeeded} (exit 0) or {@link Failed} with the exit code and a reason. */
public sealed interface DumpResult {

    /** Whether the dump succeeded. */
    default boolean succeeded() {
        return this instanceof Succeeded;
    }

    /** pg_dump exited 0 after {@code took}. */
    record Succeeded(Duration took) implements DumpResult {
        public Succeeded {
            Objects.requireNonNull(took, "took");
        }
    }

    /**
     * pg_dump failed, was aborted or timed out.
     *
     * @param exitCode the process's exit code (for a killed process the platform's signal code, e.g. 137 or 143)
     * @param reason   human-readable, without secrets: "aborted", "timed out after PT1H", or the exit code with the
     *                 tail of stderr
     */
    record Failed(int exitCode, String reason) implements DumpResult {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
