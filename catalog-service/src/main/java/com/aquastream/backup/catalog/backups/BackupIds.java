package com.aquastream.backup.catalog.backups;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Instant;
import java.util.UUID;

/** The platform's deterministic ids: equal inputs give equal ids, so duplicates and redeliveries are harmless. */
public final class BackupIds {

    private BackupIds() {
    }

    /**
     * The backup a request produces; the same formula as the backup-worker's ({@code "backup:" + requestId}), so a
     * {@code backup.failed} (which has no backup id) lands on the row its later completion would use.
     */
    public static UUID backupOf(UUID requestId) {
        return UUID.nameUUIDFromBytes(("backup:" + requestId).getBytes(UTF_8));
    }

    /** The request of a scheduled slot: {@code database.schema@slot} (slot as ISO-8601 UTC). */
    public static UUID scheduledRequest(SchemaRef schema, Instant slot) {
        return UUID.nameUUIDFromBytes((schema.database() + "." + schema.schema() + "@" + slot).getBytes(UTF_8));
    }

    /**
     * The restore id of a verification drill of a schema for one slot of the drill schedule: derived from
     * {@code database.schema@slot} like a scheduled backup's request, with the prefix {@code verify:} so the two never
     * share an id when a drill slot and a backup slot fall on the same instant.
     */
    public static UUID drillRestore(SchemaRef schema, Instant slot) {
        return UUID.nameUUIDFromBytes(("verify:" + schema.database() + "." + schema.schema() + "@" + slot)
                .getBytes(UTF_8));
    }

    /** The PITR drill of the same slot: prefix {@code pitr-verify:}, so it never shares an id with the VERIFY. */
    public static UUID pitrDrillRestore(SchemaRef schema, Instant slot) {
        return UUID.nameUUIDFromBytes(("pitr-verify:" + schema.database() + "." + schema.schema() + "@" + slot)
                .getBytes(UTF_8));
    }
}
