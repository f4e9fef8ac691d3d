package com.aquastream.backup.restore.recovery;

import com.aquastream.backup.restore.recovery.ArchiveFetcher.ArchiveRejectedException;
import java.io.IOException;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks in the primary store's records first and, when they hold no such backup or cannot be read, in the offsite
 * copy's: after a disaster that took the primary store, "the newest backup" is the newest one copied offsite.
 */
final class FallbackArchiveLocator implements ArchiveLocator {

    private static final Logger log = LoggerFactory.getLogger(FallbackArchiveLocator.class);

    private final ArchiveLocator primary;
    private final ArchiveLocator offsite;

    FallbackArchiveLocator(ArchiveLocator primary, ArchiveLocator offsite) {
        this.primary = primary;
        this.offsite = offsite;
    }

    @Override
    public String locate(String database, String schema, UUID backupId, Instant asOf)
            throws ArchiveRejectedException, IOException {
        String primaryProblem;
        try {
            return primary.locate(database, schema, backupId, asOf);
        } catch (ArchiveRejectedException e) {
            primaryProblem = e.getMessage();
        } catch (IOException e) {
            primaryProblem = "the primary store cannot be read: " + e.getMessage();
        }
        log.warn("{}.{}: {}; looking in the offsite copies", database, schema, primaryProblem);
        try {
            return offsite.locate(database, schema, backupId, asOf);
        } catch (ArchiveRejectedException e) {
            throw new ArchiveRejectedException("primary: " + primaryProblem + "; offsite: " + e.getMessage(), false);
        }
    }
}
