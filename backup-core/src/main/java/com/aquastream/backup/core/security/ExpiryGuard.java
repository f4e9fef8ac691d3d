package com.aquastream.backup.core.security;

import com.aquastream.backup.core.naming.BackupNaming;
import com.aquastream.backup.core.naming.Identifiers;
import com.aquastream.backup.core.store.ObjectKeys;
import com.aquastream.backup.core.store.ObjectNotFoundException;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupExpired;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.StoredObject;
import com.aquastream.backup.events.Tier;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a deleter of backups checks before it acts on a {@code backup.expired}, the same in every store (DESIGN.md,
 * Security: no single message can destroy data, even from an authorized but faulty or compromised producer).
 *
 * <p>Before anything is read ({@link #admit}): the event is signed by the catalog's expiry key ({@link
 * ExpirySignatures}); it states {@code pinned=false} under that signature (the catalog never expires a pinned backup,
 * and pins live only in the catalog); its identifiers are plain; it names at least one object; every key is an
 * object of the event's own schema in the storage layout, whose name is of the tier the event states.
 *
 * <p>Against the store, per key ({@link #requireDeletable}): the key's manifest, if any, names the event's backup (a
 * replayed expiry cannot delete a later backup stored under the same key), and the key is not the newest object of
 * its series: some object of the same series (daily, weekly, monthly, manual — or a Redis instance's snapshots) with
 * a later date or slot in its name, and with its manifest, must be in the store. Names sort by their period within
 * a series ({@code user_20250818}, {@code weekly_user_2025-33}, {@code monthly_user_2025-09},
 * {@code manual_user_20250818T020000Z}, {@code dump_20250818T020000Z}), so the greatest stamp is the newest backup,
 * whatever any catalog believes. Retention always keeps at least the newest of a tier, so a legitimate expiry never
 * trips this; a faulty or forged one deletes nothing.
 *
 * <p>Deleting ({@link #deletionOrder}): manifest first, then the archive, then its sidecar, so a "latest" lookup
 * (which reads manifests) never resolves to an archive that is already gone, whatever step an interrupted deletion
 * stopped at; the redelivered event finishes it.
 */
public final class ExpiryGuard {

    private final ExpirySignatures signatures;
    private final String disabledBecause;
    private final EventCodec codec = new EventCodec();

    private ExpiryGuard(ExpirySignatures signatures, String disabledBecause) {
        this.signatures = signatures;
        this.disabledBecause = disabledBecause;
    }

    /** A guard that admits what is signed with one of {@code signatures}' keys (and passes the other checks). */
    public static ExpiryGuard of(ExpirySignatures signatures) {
        return new ExpiryGuard(java.util.Objects.requireNonNull(signatures, "signatures"), null);
    }

    /** A guard without a key: it refuses every expiry, saying {@code why} (e.g. which setting is missing). */
    public static ExpiryGuard disabled(String why) {
        return new ExpiryGuard(null, why);
    }

    /**
     * The guard a service's settings describe: the current key (id and secret, UTF-8) and the previous ones
     * ({@code id=secret,...}); without a secret, {@link #disabled} with a reason naming {@code setting}.
     *
     * @throws IllegalArgumentException for a key shorter than 32 bytes or a malformed id: better not to start than to
     *                                  refuse every expiry later
     */
    public static ExpiryGuard fromSettings(String keyId, String secret, String previousKeys, String setting) {
        if (secret == null || secret.isBlank()) {
            return disabled("this service has no expiry signing key (" + setting + ")");
        }
        return of(new ExpirySignatures(keyId, secret.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                ExpirySignatures.parseKeys(previousKeys)));
    }

    public boolean enabled() {
        return signatures != null;
    }

    /**
     * The checks that need no store: signature, pin, identifiers, keys. Returns the objects to delete.
     *
     * @throws ExpiryRefusedException when any fails; nothing may be deleted then
     */
    public List<StoredObject> admit(BackupExpired expired) {
        if (signatures == null) {
            throw refused(expired, "expiries are disabled: " + disabledBecause);
        }
        SignatureCheck check = signatures.check(expired);
        if (check instanceof SignatureCheck.Invalid invalid) {
            throw refused(expired, invalid.reason());
        }
        if (!Boolean.FALSE.equals(expired.pinned())) {
            throw refused(expired, expired.pinned() == null ? "it does not state pinned=false"
                    : "backup " + expired.backupId() + " is pinned");
        }
        if (!Identifiers.isIdentifier(expired.database()) || !Identifiers.isIdentifier(expired.schema())) {
            throw refused(expired, "database or schema is not a plain identifier");
        }
        if (expired.backupId() == null || expired.objects() == null || expired.objects().isEmpty()) {
            throw refused(expired, "it names no backup or no objects");
        }
        for (StoredObject object : expired.objects()) {
            requireObjectOfSchema(expired, object);
        }
        return List.copyOf(expired.objects());
    }

    /**
     * The checks against the store holding {@code key} (one of the admitted objects): it belongs to the event's
     * backup, and a newer object of its series is stored.
     *
     * @throws ExpiryRefusedException when either fails; nothing may be deleted under {@code key} then
     * @throws IOException            when the store cannot be read (retry later)
     */
    public void requireDeletable(ObjectStore store, BackupExpired expired, String key) throws IOException {
        requireOwnedByTheBackup(store, expired, key);
        requireNotTheNewest(store, expired, key);
    }

    /** The keys to delete for one expired archive, in the order to delete them: manifest, archive, sidecar. */
    public static List<String> deletionOrder(String key) {
        return List.of(BackupNaming.manifestKey(key), key, BackupNaming.sidecarKey(key));
    }

    private void requireObjectOfSchema(BackupExpired expired, StoredObject object) {
        String key = object == null ? null : object.key();
        try {
            ObjectKeys.requireSafeKey(key);
        } catch (RuntimeException unsafe) {
            throw refused(expired, "key " + key + " is not a safe object key");
        }
        if (!BackupNaming.isObjectOf(key, expired.database(), expired.schema())) {
            throw refused(expired, "key " + key + " is not an object of " + expired.database() + "."
                    + expired.schema());
        }
        Series series = Series.of(key, expired.database(), expired.schema()).orElseThrow();
        if (object.tier() == null || !series.serves(object.tier())) {
            throw refused(expired, "key " + key + " is a " + series.name + " object, not " + object.tier());
        }
    }

    private void requireOwnedByTheBackup(ObjectStore store, BackupExpired expired, String key) throws IOException {
        String manifestKey = BackupNaming.manifestKey(key);
        byte[] manifest;
        try (InputStream in = store.get(manifestKey)) {
            manifest = in.readAllBytes();
        } catch (ObjectNotFoundException gone) {
            // No manifest: an interrupted deletion of this very expiry (the manifest goes first), or an archive never
            // announced. Either way no "latest" lookup sees it; the newest check below still applies.
            return;
        }
        BackupCompleted record;
        try {
            record = codec.decode(manifest, BackupCompleted.class);
        } catch (RuntimeException unreadable) {
            throw refused(expired, "the manifest of " + key + " cannot be read (" + unreadable.getMessage()
                    + "), so whose backup it holds is unknown");
        }
        if (!expired.backupId().equals(record.backupId())) {
            throw refused(expired, key + " holds backup " + record.backupId() + ", not " + expired.backupId()
                    + " (a stale or replayed expiry)");
        }
    }

    private void requireNotTheNewest(ObjectStore store, BackupExpired expired, String key) throws IOException {
        String database = expired.database();
        String schema = expired.schema();
        Series series = Series.of(key, database, schema).orElseThrow();
        List<String> listed = store.list(BackupNaming.areaOf(database, schema));
        Set<String> present = new HashSet<>(listed);
        boolean newerStored = listed.stream()
                .filter(k -> BackupNaming.isObjectOf(k, database, schema))
                .filter(k -> present.contains(BackupNaming.manifestKey(k)))
                .map(k -> Series.of(k, database, schema).orElseThrow())
                .anyMatch(other -> other.name.equals(series.name) && other.stamp.compareTo(series.stamp) > 0);
        if (!newerStored) {
            throw refused(expired, key + " is the newest " + series.name + " backup of " + database + "." + schema
                    + " in this store (no later " + series.name + " object with a manifest): the newest of a tier"
                    + " is never deleted");
        }
    }

    private static ExpiryRefusedException refused(BackupExpired expired, String why) {
        return new ExpiryRefusedException("refused backup.expired " + expired.eventId() + " of backup "
                + expired.backupId() + " (" + expired.database() + "." + expired.schema() + "), nothing deleted: "
                + why);
    }

    /**
     * Which series of a schema's objects a key belongs to, and its stamp (the date, week, month or slot in its name;
     * fixed width within a series, so stamps compare like the times they name). Only for keys that
     * {@link BackupNaming#isObjectOf} accepts for the schema.
     */
    private record Series(String name, String stamp) {

        static Optional<Series> of(String key, String database, String schema) {
            if (!BackupNaming.isObjectOf(key, database, schema)) {
                return Optional.empty();
            }
            String file = key.substring(BackupNaming.areaOf(database, schema).length());
            String stem = file.substring(0, file.indexOf('.'));
            if ("redis".equals(database)) {
                return Optional.of(new Series("snapshot", stem.substring("dump_".length())));
            }
            for (String prefix : List.of("weekly", "monthly", "manual")) {
                String full = prefix + "_" + schema + "_";
                if (stem.startsWith(full)) {
                    return Optional.of(new Series(prefix, stem.substring(full.length())));
                }
            }
            return Optional.of(new Series("daily", stem.substring(schema.length() + 1)));
        }

        /** Redis snapshots serve every tier with one object; a PostgreSQL name says its tier. */
        boolean serves(Tier tier) {
            return switch (name) {
                case "snapshot" -> true;
                case "daily" -> tier == Tier.DAILY;
                case "weekly" -> tier == Tier.WEEKLY;
                case "monthly" -> tier == Tier.MONTHLY;
                default -> tier == Tier.MANUAL || tier == Tier.PRE_RESTORE;
            };
        }
    }
}
