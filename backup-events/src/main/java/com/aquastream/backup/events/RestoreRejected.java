package com.aquastream.backup.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A restore command was refused before any database was touched (signature, allow-list, checksum...).
 *
 * @param backupId the backup the command named, when known (added after v1's first cut; optional)
 * @param key      the archive key the command named, when known (optional)
 * @param code     a machine-readable reason, one of the constants below; a string, not an enum, so consumers keep
 *                 working when codes are added (optional: older producers send only {@code reason})
 */
public record RestoreRejected(
        UUID eventId,
        Instant occurredAt,
        String database,
        String schema,
        UUID restoreId,
        String reason,
        UUID backupId,
        String key,
        String code) implements RestoreEvent {

    /** The archive's bytes do not match the backup's recorded checksum: the backup is corrupt. */
    public static final String CHECKSUM_MISMATCH = "CHECKSUM_MISMATCH";
    /** Unsigned, badly signed, invalid identifiers, a target off the allow-list or a key of another schema. */
    public static final String INVALID_COMMAND = "INVALID_COMMAND";
    /** The archive, its sidecar or its record is missing or unreadable. */
    public static final String ARCHIVE_UNAVAILABLE = "ARCHIVE_UNAVAILABLE";
    /** Objects in other schemas depend on the schema and would be dropped with it. */
    public static final String DEPENDENTS = "DEPENDENTS";
    /**
     * (added in v1.2) The command's {@code restoreId} already ran to an end (a command read back and sent again, a
     * replayed topic): nothing was touched this time; the first run's answer stands.
     */
    public static final String REPLAYED = "REPLAYED";
    /**
     * (added in v1.2) The command's {@code occurredAt} is older than the worker's {@code restore.max-command-age} or
     * lies in the future beyond the allowed clock skew: a stale or replayed command, not run. Send a new one.
     */
    public static final String EXPIRED = "EXPIRED";

    /** The v1 shape: restore id and reason only. */
    public RestoreRejected(UUID eventId, Instant occurredAt, String database, String schema, UUID restoreId,
                           String reason) {
        this(eventId, occurredAt, database, schema, restoreId, reason, null, null, null);
    }
}
