package com.aquastream.backup.restore.recovery;

import java.util.Set;

/** The databases this restore-worker may write into; anything else is refused before it is touched. */
record RestoreTargets(Set<String> allowedDatabases) {

    /** The pseudo-database of Redis backups (its "schemas" are instance names), as the backup-worker names them. */
    static final String REDIS = "redis";

    RestoreTargets {
        allowedDatabases = Set.copyOf(allowedDatabases);
    }

    boolean allows(String database) {
        return allowedDatabases.contains(database);
    }
}
