package com.aquastream.backup.offsite.replication;

import com.aquastream.backup.events.BackupReplicated;
import com.aquastream.backup.events.ReplicationEvent;
import com.aquastream.backup.events.ReplicationFailed;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts every published replication result as {@code offsite_copies_total{database,schema,tier,outcome}}
 * ({@code outcome} = replicated | failed), so the copies made per tier show on {@code /actuator/prometheus}.
 */
final class MeteredReplicationEvents implements ReplicationEvents {

    private final ReplicationEvents delegate;
    private final MeterRegistry registry;

    MeteredReplicationEvents(ReplicationEvents delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
    }

    @Override
    public void publish(ReplicationEvent event) {
        delegate.publish(event);
        // The service replicates only objects of validated schemas, so database and schema are bounded names.
        if (event instanceof BackupReplicated r) {
            count(r.database(), r.schema(), tierOf(r.key()), "replicated");
        } else if (event instanceof ReplicationFailed f) {
            count(f.database(), f.schema(), tierOf(f.key()), "failed");
        }
    }

    private void count(String database, String schema, String tier, String outcome) {
        Counter.builder("offsite.copies").description("Offsite copies made (or failed), by the copied object's tier")
                .tag("database", database).tag("schema", schema).tag("tier", tier).tag("outcome", outcome)
                .register(registry).increment();
    }

    /** The tier is the object name's prefix (BackupNaming: weekly_…, monthly_…); anything else is "other". */
    static String tierOf(String key) {
        String name = key == null ? "" : key.substring(key.lastIndexOf('/') + 1);
        if (name.startsWith("weekly_")) {
            return "weekly";
        }
        if (name.startsWith("monthly_")) {
            return "monthly";
        }
        return "other";
    }
}
