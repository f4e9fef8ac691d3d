package com.aquastream.backup.restore.recovery;

import com.aquastream.backup.events.TableCheck;
import java.util.List;

/**
 * The manual's restore test: restores an archive into a throw-away database, counts every table of the schema
 * there, and drops the database again, whatever happened.
 */
public interface ScratchVerifier {

    List<TableCheck> verify(String schema, VerifiedArchive archive) throws SchemaReplacer.RestoreFailedException;
}
