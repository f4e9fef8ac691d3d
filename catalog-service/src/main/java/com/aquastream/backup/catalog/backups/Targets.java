package com.aquastream.backup.catalog.backups;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The schemas the platform backs up (configured as database → schemas; the manual's six of {@code aquastream} by
 * default): what the scheduler requests every slot, what "back up all" means, and what the status check lists.
 */
public record Targets(List<SchemaRef> schemas) {

    /** The database name of Redis targets (their schema is the instance name). */
    public static final String REDIS = "redis";

    public Targets {
        schemas = List.copyOf(new TreeSet<>(schemas));
    }

    public List<String> databases() {
        return schemas.stream().map(SchemaRef::database).distinct().toList();
    }

    public List<SchemaRef> of(String database) {
        return schemas.stream().filter(s -> s.database().equals(database)).toList();
    }

    public boolean contains(SchemaRef schema) {
        return schemas.contains(schema);
    }

    /**
     * The only configured PostgreSQL database, when there is exactly one (so API callers may leave it out). Redis
     * instances (database {@code redis}) do not count: configuring them must not make "back up all" ambiguous.
     */
    Optional<String> soleDatabase() {
        List<String> databases = databases().stream().filter(d -> !d.equals(REDIS)).toList();
        return databases.size() == 1 ? Optional.of(databases.get(0)) : Optional.empty();
    }
}
