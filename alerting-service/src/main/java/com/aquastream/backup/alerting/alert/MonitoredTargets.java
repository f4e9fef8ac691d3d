package com.aquastream.backup.alerting.alert;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The schemas that must have a fresh backup, by database (default: {@code aquastream} with the manual's six
 * schemas). The dead-man's switch watches exactly these, including those that never had a backup; events about
 * other schemas still raise failure alerts but are not expected to recur.
 */
final class MonitoredTargets {

    private final Set<Target> targets = new LinkedHashSet<>();
    private final Set<String> databases = new LinkedHashSet<>();

    MonitoredTargets(Map<String, List<String>> schemasByDatabase) {
        schemasByDatabase.forEach((database, schemas) -> {
            databases.add(database);
            schemas.forEach(schema -> targets.add(new Target(database, schema)));
        });
    }

    Set<Target> targets() {
        return Set.copyOf(targets);
    }

    Set<String> databases() {
        return Set.copyOf(databases);
    }

    boolean watches(Target target) {
        return targets.contains(target);
    }

    boolean watchesDatabase(String database) {
        return databases.contains(database);
    }
}
