package com.aquastream.backup.catalog.backups;

import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.Trigger;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A {@code backup.requested} the catalog issued itself (schedule or API), remembered so that the result can be placed
 * in the schema's history by the time it was requested, not by the time it happened to finish.
 *
 * @param requestedAt the slot of a scheduled request, the moment of a manual one
 */
public record KnownRequest(UUID requestId, SchemaRef schema, List<Tier> tiers, Trigger trigger, String requestedBy,
                           Instant requestedAt) {

    public KnownRequest {
        tiers = List.copyOf(tiers);
    }
}
