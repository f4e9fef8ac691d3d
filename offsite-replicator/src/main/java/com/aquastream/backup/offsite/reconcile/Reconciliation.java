package com.aquastream.backup.offsite.reconcile;

import com.aquastream.backup.core.checksum.Sha256;
import com.aquastream.backup.core.crypto.DecryptionException;
import com.aquastream.backup.core.crypto.PlaintextCopyException;
import com.aquastream.backup.core.crypto.UnboundStreamException;
import com.aquastream.backup.core.naming.BackupNaming;
import com.aquastream.backup.core.naming.Identifiers;
import com.aquastream.backup.core.offsite.OffsiteCopies;
import com.aquastream.backup.core.store.ObjectNotFoundException;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.core.store.Sidecars;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.offsite.reconcile.Difference.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Compares the catalog, the primary store and the offsite store, reading every archive: what is missing, what is
 * extra, and which bytes do not have the catalog's checksum (offsite copies are decrypted first, as the copy of their
 * key and of the backup the catalog lists them under, so an altered or moved ciphertext shows up as
 * {@link Kind#UNREADABLE}, and a plaintext or unbound copy where encryption is configured as {@link Kind#INSECURE}).
 * Reads only; changes nothing.
 *
 * <p>What each store should hold: the primary, every {@code ACTIVE} object of a completed (or corrupt) backup, with
 * its sidecar; the offsite, every {@code ACTIVE} object of an offsite tier, with its sidecar and manifest. An offsite
 * copy of an object the primary already expired is not extra — the offsite's retention may keep copies longer — but
 * it is still checked. Memory is bounded: archives stream through the digest.
 */
public final class Reconciliation {

    static final String PRIMARY = "primary";
    static final String OFFSITE = "offsite";
    private static final Set<String> RESTORE_POINTS = Set.of("COMPLETED", "CORRUPT");

    private final CatalogBackups catalog;
    private final ObjectStore primary;
    private final OffsiteCopies offsite;
    private final Set<Tier> offsiteTiers;

    /** @param offsite the offsite store with the keys to decrypt its copies */
    public Reconciliation(CatalogBackups catalog, ObjectStore primary, OffsiteCopies offsite, Set<Tier> offsiteTiers) {
        this.catalog = catalog;
        this.primary = primary;
        this.offsite = offsite;
        this.offsiteTiers = Set.copyOf(offsiteTiers);
    }

    /**
     * @param database reconcile only this database, or everything when {@code null}
     * @throws IOException when the catalog or a store cannot be read at all (a single unreadable archive is a
     *                     difference, not an exception)
     */
    public ReconciliationReport run(String database) throws IOException {
        if (database != null) {
            Identifiers.requireIdentifier("database", database);
        }
        CatalogBackups.Listing listing = catalog.list(database);
        Expected expected = expected(listing.backups());
        String prefix = database == null ? "" : "postgres/" + database + "/";
        List<Difference> differences = new ArrayList<>();

        List<String> primaryArchives = archives(primary.list(prefix));
        int primaryChecked = check(PRIMARY, primary, primaryArchives, expected.primary, expected.primary,
                differences, primary::get, false);
        List<String> offsiteArchives = archives(offsite.store().list(prefix));
        int offsiteChecked = check(OFFSITE, offsite.store(), offsiteArchives, expected.offsite, expected.knownAny,
                differences, key -> offsite.openPlaintext(key, expected.backupIds.get(key)), true);

        differences.sort(Comparator.comparing(Difference::key).thenComparing(Difference::store)
                .thenComparing(Difference::kind));
        return new ReconciliationReport(database, listing.backups().size(), primaryChecked, offsiteChecked,
                listing.truncated(), List.copyOf(differences));
    }

    @FunctionalInterface
    private interface Opener {
        InputStream open(String key) throws IOException;
    }

    /**
     * @param expected keys the store must hold, with their checksums
     * @param allowed  keys the store may hold (the rest are extra), with their checksums
     * @param opener   opens an archive as the bytes the catalog's checksum is of
     */
    private int check(String store, ObjectStore raw, List<String> present, Map<String, String> expected,
                      Map<String, String> allowed, List<Difference> differences, Opener opener,
                      boolean needsManifest) throws IOException {
        Set<String> presentSet = new HashSet<>(present);
        for (String key : expected.keySet()) {
            if (!presentSet.contains(key)) {
                differences.add(new Difference(Kind.MISSING, store, key, "the catalog lists it as an active object"));
            }
        }
        int checked = 0;
        for (String key : present) {
            String sha256 = allowed.get(key);
            if (sha256 == null) {
                differences.add(new Difference(Kind.EXTRA, store, key,
                        "not an active object of any backup in the catalog"));
                continue;
            }
            checked++;
            verify(store, key, sha256, opener).ifPresent(differences::add);
            checkCompanions(store, raw, key, sha256, needsManifest, differences);
        }
        return checked;
    }

    private static Optional<Difference> verify(String store, String key, String sha256, Opener opener)
            throws IOException {
        String actual;
        try (InputStream in = opener.open(key)) {
            actual = Sha256.of(in);
        } catch (PlaintextCopyException | UnboundStreamException e) {
            return Optional.of(new Difference(Kind.INSECURE, store, key, e.getMessage()));
        } catch (DecryptionException e) {
            return Optional.of(new Difference(Kind.UNREADABLE, store, key, e.getMessage()));
        } catch (ObjectNotFoundException e) {
            return Optional.of(new Difference(Kind.MISSING, store, key, "vanished while being checked"));
        }
        return actual.equals(sha256) ? Optional.empty()
                : Optional.of(new Difference(Kind.CHECKSUM_MISMATCH, store, key,
                "sha256 " + actual + " but the catalog records " + sha256));
    }

    private static void checkCompanions(String store, ObjectStore raw, String key, String sha256,
                                        boolean needsManifest, List<Difference> differences) throws IOException {
        String sidecar = BackupNaming.sidecarKey(key);
        String recorded;
        try (InputStream in = raw.get(sidecar)) {
            recorded = Sidecars.parseSha256(new String(in.readNBytes(4096), StandardCharsets.UTF_8));
        } catch (ObjectNotFoundException e) {
            differences.add(new Difference(Kind.MISSING, store, sidecar, "the archive's checksum sidecar"));
            recorded = sha256;
        } catch (IllegalArgumentException e) {
            recorded = "(unreadable)";
        }
        if (!sha256.equals(recorded)) {
            differences.add(new Difference(Kind.CHECKSUM_MISMATCH, store, sidecar,
                    "the sidecar says " + recorded + " but the catalog records " + sha256));
        }
        if (needsManifest && !raw.exists(OffsiteCopies.manifestKey(key))) {
            differences.add(new Difference(Kind.MISSING, store, OffsiteCopies.manifestKey(key),
                    "the backup's record, needed to restore from this store alone"));
        }
    }

    private static List<String> archives(List<String> keys) {
        return keys.stream().filter(k -> !OffsiteCopies.isCompanion(k)).toList();
    }

    /** Keys the stores should hold and the checksum each should have. */
    private Expected expected(List<CatalogBackups.Backup> backups) {
        Expected e = new Expected();
        for (CatalogBackups.Backup b : backups) {
            if (b.objects() == null || b.sha256() == null) {
                continue;
            }
            for (CatalogBackups.StoredKey o : b.objects()) {
                e.knownAny.put(o.key(), b.sha256());
                if (b.backupId() != null) {
                    e.backupIds.put(o.key(), b.backupId());
                }
                if (o.active() && RESTORE_POINTS.contains(b.status())) {
                    e.primary.put(o.key(), b.sha256());
                    if (isOffsiteTier(o.tier())) {
                        e.offsite.put(o.key(), b.sha256());
                    }
                }
            }
        }
        return e;
    }

    private boolean isOffsiteTier(String tier) {
        try {
            return tier != null && offsiteTiers.contains(Tier.valueOf(tier));
        } catch (IllegalArgumentException unknownTier) {
            return false;
        }
    }

    private static final class Expected {
        final Map<String, String> primary = new TreeMap<>();
        final Map<String, String> offsite = new TreeMap<>();
        final Map<String, String> knownAny = new HashMap<>();
        /** The backup each key belongs to: the context an encrypted copy must be bound to. */
        final Map<String, UUID> backupIds = new HashMap<>();
    }
}
