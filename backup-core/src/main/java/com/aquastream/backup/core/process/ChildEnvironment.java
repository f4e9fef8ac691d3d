package com.aquastream.backup.core.process;

import java.util.Map;
import java.util.Set;

/**
 * The environment a child process (pg_dump, pg_restore, psql, redis-server) gets: only what such a tool needs from
 * ours, plus what its caller hands it, never the rest. A service's environment holds its secrets (the restore
 * signing key, S3 and encryption keys, the catalog's API token); a child inherits them by default, and every process
 * on the host that may read {@code /proc/<pid>/environ} of that child, or a core dump of it, would see them.
 */
public final class ChildEnvironment {

    /**
     * Inherited when set: where programs and home are, locale and time zone, the temporary directory, and libpq's
     * settings that are not secrets (TLS files and mode, service and password <em>files</em>, timeouts). A password
     * comes from the caller's connection, never from our environment.
     */
    public static final Set<String> INHERITED = Set.of("PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE",
            "LC_ALL", "LC_CTYPE", "LC_COLLATE", "LC_MESSAGES", "LC_NUMERIC", "LC_TIME", "TZ", "TMPDIR",
            "PGSSLMODE", "PGSSLROOTCERT", "PGSSLCERT", "PGSSLKEY", "PGSSLCRL", "PGPASSFILE", "PGSERVICEFILE",
            "PGSYSCONFDIR", "PGCONNECT_TIMEOUT", "PGTZ", "PGCLIENTENCODING");

    private ChildEnvironment() {
    }

    /**
     * Narrows the builder's environment (a copy of ours) to {@link #INHERITED}, then adds {@code extra} (e.g. the
     * connection's {@code PGPASSWORD}). Returns the builder.
     */
    public static ProcessBuilder confine(ProcessBuilder builder, Map<String, String> extra) {
        Map<String, String> environment = builder.environment();
        environment.keySet().retainAll(INHERITED);
        environment.putAll(extra);
        return builder;
    }

    /** {@link #confine(ProcessBuilder, Map)} with nothing added. */
    public static ProcessBuilder confine(ProcessBuilder builder) {
        return confine(builder, Map.of());
    }
}
