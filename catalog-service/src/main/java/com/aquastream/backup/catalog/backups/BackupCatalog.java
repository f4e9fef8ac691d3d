package com.aquastream.backup.catalog.backups;

import com.aquastream.backup.events.Tier;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The catalog's memory: every backup, the object keys it owns, the requests the catalog issued and the events it has
 * already handled. Callers run these inside
 * {@link com.aquastream.backup.core.platform.Transactions#inTransaction}; the locks are held until that transaction
 * ends.
 */
public interface BackupCatalog {

    /**
     * Serializes everything that changes one schema's history (recording results, applying retention) across every
     * catalog instance, until the current transaction ends.
     */
    void lockSchema(SchemaRef schema);

    /**
     * Remembers that an event was handled.
     *
     * @return {@code true} the first time for this event id, {@code false} for a redelivery or duplicate
     */
    boolean markProcessed(UUID eventId, String topic, Instant at);

    Optional<Backup> find(UUID backupId);

    /** Inserts or updates the backup's own fields; its objects are changed only through {@link #assignObject}. */
    void save(Backup backup);

    /** The backup that owns {@code key} now, if any, with its request time. */
    Optional<ObjectOwner> ownerOf(String key);

    /** Makes {@code backupId} the owner of {@code key} (tier as given), with the key {@link ObjectStatus#ACTIVE}. */
    void assignObject(String key, Tier tier, UUID backupId);

    /** Marks the keys {@link ObjectStatus#EXPIRED}. */
    void expireObjects(Collection<String> keys, Instant at);

    /** Every backup of one schema with the objects it owns, oldest request first. */
    List<Backup> history(SchemaRef schema);

    /** The newest successful verification drill of every schema that had one (any backup's {@code verifiedAt}). */
    Map<SchemaRef, Instant> lastVerified();

    /** Every (database, schema) the catalog has any backup of. */
    List<SchemaRef> schemas();

    List<Backup> search(BackupQuery query);

    /** Remembers a request the catalog issued; a second call for the same request id changes nothing. */
    void recordRequest(KnownRequest request);

    Optional<KnownRequest> request(UUID requestId);

    /** The current owner of a key and when that owner was requested. */
    record ObjectOwner(UUID backupId, Instant requestedAt) {
    }
}
