package com.aquastream.backup.catalog.config;

import com.aquastream.backup.catalog.backups.ResultTrust;
import com.aquastream.backup.catalog.backups.SchemaRef;
import com.aquastream.backup.catalog.backups.Targets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * {@code catalog.*} settings (defaults in application.yml), read by several features: each feature's configuration
 * turns its part into plain settings objects before they reach the core (STYLE rule 10). The targets are here because
 * the schedule, the drills, the status check and the metrics all start from them.
 */
@ConfigurationProperties("catalog")
public record CatalogProperties(Api api, Schedule schedule, Retention retention, Metrics metrics,
                                Restore restore, Verification verification, Expiry expiry, Trust trust) {

    /** The manual's six schemas of the application database: the targets when none are configured. */
    static final Map<String, List<String>> MANUAL_TARGETS = Map.of(
            "aquastream", List.of("user", "event", "crew", "payment", "notification", "media"));

    /**
     * Every target: the PostgreSQL schemas and the Redis instances (database {@code redis}), from the configuration
     * only. The status check, manual backups, restore-all and the gauges cover them all; each schedule and the drills
     * take their own part. What the catalog hears of other schemas (refused requests, backups of a schema no longer
     * configured) never adds a target.
     */
    public Targets allTargets() {
        List<SchemaRef> schemas = new ArrayList<>(postgresTargets().schemas());
        schemas.addAll(redisTargets().schemas());
        return new Targets(schemas);
    }

    /** The PostgreSQL schemas ({@code catalog.schedule.targets}, else the manual's six). */
    public Targets postgresTargets() {
        Map<String, List<String>> configured = schedule == null || schedule.targets() == null
                || schedule.targets().isEmpty() ? MANUAL_TARGETS : schedule.targets();
        List<SchemaRef> schemas = new ArrayList<>();
        configured.forEach((database, names) -> {
            if (Targets.REDIS.equals(database)) {
                throw new IllegalArgumentException("catalog.schedule.targets.redis: list Redis instances under"
                        + " catalog.schedule.redis.instances (they have their own schedule and retention)");
            }
            names.forEach(name -> schemas.add(new SchemaRef(database, name)));
        });
        return new Targets(schemas);
    }

    /** The Redis instances ({@code catalog.schedule.redis.instances}), as database {@code redis}. */
    public Targets redisTargets() {
        Redis redis = schedule == null ? null : schedule.redis();
        List<String> instances = redis == null || redis.instances() == null ? List.of() : redis.instances();
        return new Targets(instances.stream().filter(i -> !i.isBlank())
                .map(i -> new SchemaRef(Targets.REDIS, i.trim())).toList());
    }

    /**
     * @param maxClockSkew how far a result's times ({@code occurredAt}, {@code startedAt}, {@code finishedAt}) may lie
     *                     ahead of the catalog's clock; later ones are refused (dead letter), default 5 minutes
     */
    public record Trust(Duration maxClockSkew) {

        public Duration maxClockSkewOrDefault() {
            return maxClockSkew == null ? ResultTrust.DEFAULT_MAX_CLOCK_SKEW : maxClockSkew;
        }
    }

    /**
     * @param token        the Bearer token every write needs, and every read while {@code protectReads}; blank refuses
     *                     them all (503)
     * @param protectReads whether reads ({@code GET /api/**}) need the token too: default on, off in the
     *                     {@code development} profile
     */
    public record Api(String token, @DefaultValue("true") boolean protectReads) {
        @Override
        public String toString() {
            return "Api[token=" + (token == null || token.isBlank() ? "<unset>" : "<set>") + ", protectReads="
                    + protectReads + "]";
        }
    }

    /**
     * @param signingKey the HMAC key restore commands are signed with, shared with the restore-worker (env
     *                   {@code RESTORE_SIGNING_KEY}, at least 32 bytes); blank: restores are refused (503), drills off
     */
    public record Restore(String signingKey) {
        @Override
        public String toString() {
            return "Restore[signingKey=" + (signingKey == null || signingKey.isBlank() ? "<unset>" : "<set>") + "]";
        }
    }

    /**
     * @param keyId      id of the key {@code backup.expired} is signed with, carried in every expiry (env
     *                   {@code EXPIRY_SIGNING_KEY_ID}, default {@code expiry-1}); the deleters must hold it
     * @param signingKey the HMAC key expiries are signed with, shared with the backup-worker and the
     *                   offsite-replicator (env {@code EXPIRY_SIGNING_KEY}, at least 32 bytes); blank: retention is
     *                   paused, nothing expires
     */
    public record Expiry(String keyId, String signingKey) {
        @Override
        public String toString() {
            return "Expiry[keyId=" + keyId + ", signingKey=" + (signingKey == null || signingKey.isBlank() ? "<unset>"
                    : "<set>") + "]";
        }
    }

    /**
     * @param cron           the verification drills' schedule (Spring cron, UTC): each slot verifies the newest restore
     *                       point of every scheduled PostgreSQL schema once; blank or {@code -}: no drills
     * @param pitrDatabases  databases whose cluster the wal-archiver archives: their drills also run a PITR drill
     *                       (mode PITR_VERIFY: the cluster recovered to the same backup's snapshot, its row counts
     *                       compared); empty (default): none
     */
    public record Verification(String cron, List<String> pitrDatabases) {

        public Verification {
            pitrDatabases = pitrDatabases == null ? List.of() : List.copyOf(pitrDatabases);
        }
    }

    /**
     * @param cron           Spring cron (seconds first) in UTC; blank or {@code -} for no schedule (development)
     * @param trigger        {@code cron} (default): the service ticks on the cron itself and catches up at start;
     *                       {@code external}: the cron only defines the slots and something else calls
     *                       {@code Scheduler.tick(now)} with its own clock (a simulation of many days)
     * @param catchUpOnStart request the most recent due slot at start if no instance did
     * @param catchUpEvery   with catch-up on: check again this often, so a slot missed while the catalog database
     *                       was unreachable (at start or at the slot) is requested once it is back; 0 = at start only
     * @param targets        database → schemas; empty means the manual's six schemas of {@code aquastream}
     * @param redis          the Redis instances' own schedule
     */
    public record Schedule(String cron, String trigger, boolean catchUpOnStart, Duration catchUpEvery,
                           Map<String, List<String>> targets, Redis redis) {

        boolean selfTriggered() {
            return trigger == null || trigger.isBlank() || trigger.trim().equalsIgnoreCase("cron");
        }
    }

    /**
     * Redis instances backed up as database {@code redis}, schema = instance name (the backup-worker's
     * {@code backup.worker.redis.instances} names).
     *
     * @param instances the instance names; empty: no Redis backups are scheduled
     * @param cron      Spring cron in UTC; default hourly, the manual's {@code save "3600 1"}; blank or {@code -}: none
     */
    public record Redis(List<String> instances, String cron) {
    }

    /**
     * @param cron    when retention runs on its own (it also runs after every completion); blank or {@code -}: never
     * @param schemas database → schema → counts overriding {@code default} for that schema
     */
    public record Retention(String cron, @Name("default") Counts defaults, Map<String, Map<String, Counts>> schemas,
                            RedisCounts redis) {
    }

    /** The Redis instances' counts ({@code RedisKeep}); a missing one falls back to its default (24/7/4/10/5). */
    public record RedisCounts(Integer hourly, Integer daily, Integer weekly, Integer manual, Integer preRestore) {
    }

    /** Counts per tier; a missing one falls back to the default's. */
    public record Counts(Integer daily, Integer weekly, Integer monthly, Integer manual, Integer preRestore) {
    }

    /** @param refreshInterval how often the per-schema gauges are re-read from the catalog (other instances' work) */
    public record Metrics(Duration refreshInterval) {
    }
}
