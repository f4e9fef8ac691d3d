package com.aquastream.backup.worker.backup;

import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.naming.BackupNaming;
import com.aquastream.backup.core.store.ObjectKeys;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.StoredObject;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.Trigger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What one request stores: the objects (tier and key) of one dump, the first being the one the dump streams into,
 * the others server-side copies of it. Everything is derived from the request, so a redelivered request plans the
 * same keys and the same backup id.
 */
public record BackupPlan(UUID requestId, UUID backupId, String database, String schema, List<Tier> tiers,
                         List<StoredObject> objects, Compression compression) {

    public static BackupPlan of(BackupRequested request, Compression compression) {
        return of(request, compression, 0);
    }

    /**
     * The plan with the names that carry a second ({@code manual_…_HHmmss}, Redis {@code dump_…_HHmmss}) taken
     * {@code laterBySeconds} later: the next free name when another request's backup already holds one in the same
     * second. Names of a day, week or month do not move.
     */
    static BackupPlan of(BackupRequested request, Compression compression, int laterBySeconds) {
        Instant slot = request.scheduledFor() != null ? request.scheduledFor() : request.occurredAt();
        List<Tier> tiers = tiersOf(request, slot);
        Instant named = slot.plusSeconds(laterBySeconds);
        List<StoredObject> objects = tiers.stream()
                .map(t -> new StoredObject(t, keyOf(request, t, namedBySecond(request, t) ? named : slot,
                        compression)))
                .toList();
        return new BackupPlan(request.requestId(), backupIdOf(request.requestId()), request.database(),
                request.schema(), tiers, objects, compression);
    }

    /**
     * A Redis snapshot has one name whatever its tiers ({@code redis/{instance}/dump_{slot}.rdb.gz}): the tiers
     * share one object, so {@link #keys()} holds it once.
     */
    private static String keyOf(BackupRequested request, Tier tier, Instant slot, Compression compression) {
        return BackupTargets.isRedis(request.database())
                ? BackupNaming.redisKey(request.schema(), slot, compression)
                : BackupNaming.objectKey(request.database(), request.schema(), tier, slot, compression);
    }

    /** Whether the tier's name carries the slot's second (and may move to the next free one). */
    boolean namedBySecond() {
        return BackupTargets.isRedis(database) || tiers.stream().anyMatch(t -> t == Tier.MANUAL || t == Tier.PRE_RESTORE);
    }

    private static boolean namedBySecond(BackupRequested request, Tier tier) {
        return BackupTargets.isRedis(request.database()) || tier == Tier.MANUAL || tier == Tier.PRE_RESTORE;
    }

    /** The backup id is a name-based UUID of the request id: the same request always yields the same backup. */
    static UUID backupIdOf(UUID requestId) {
        return UUID.nameUUIDFromBytes(("backup:" + requestId).getBytes(StandardCharsets.UTF_8));
    }

    /** Distinct keys to write, the primary first. */
    public List<String> keys() {
        return objects.stream().map(StoredObject::key).distinct().toList();
    }

    public String primaryKey() {
        return objects.get(0).key();
    }

    /**
     * Where this request's archive waits until it is published: {@code staging/{requestId}/}. A redelivered request
     * names the same area, so its attempt clears what a worker killed mid-dump left there.
     */
    public String stagingArea() {
        return ObjectKeys.stagingArea(requestId.toString());
    }

    private static List<Tier> tiersOf(BackupRequested request, Instant slot) {
        Set<Tier> tiers = EnumSet.noneOf(Tier.class);
        if (request.tiers() != null) {
            tiers.addAll(request.tiers());
        }
        if (tiers.isEmpty()) {
            Trigger trigger = request.trigger() == null ? Trigger.MANUAL : request.trigger();
            switch (trigger) {
                case SCHEDULE -> tiers.addAll(BackupNaming.scheduledTiersFor(slot.atZone(ZoneOffset.UTC).toLocalDate()));
                case MANUAL -> tiers.add(Tier.MANUAL);
                case PRE_RESTORE -> tiers.add(Tier.PRE_RESTORE);
            }
        }
        return List.copyOf(tiers);
    }
}
