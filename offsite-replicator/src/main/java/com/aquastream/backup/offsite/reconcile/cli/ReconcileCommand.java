package com.aquastream.backup.offsite.reconcile.cli;

import com.aquastream.backup.core.crypto.Keyring;
import com.aquastream.backup.core.offsite.OffsiteCopies;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.core.store.ObjectStores;
import com.aquastream.backup.core.store.S3ObjectStore;
import com.aquastream.backup.core.store.S3Settings;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.offsite.reconcile.Difference;
import com.aquastream.backup.offsite.reconcile.Reconciliation;
import com.aquastream.backup.offsite.reconcile.ReconciliationReport;
import com.aquastream.backup.offsite.reconcile.http.HttpCatalogBackups;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code bin/reconcile [--database DB] [--json]}: lists the differences between the catalog, the primary store and
 * the offsite store (reading and hashing every archive, decrypting offsite copies), and exits non-zero when there are
 * any. A thin adapter: arguments and environment in, {@link Reconciliation} run, report out.
 *
 * <p>Configured by the environment, with the services' variables and defaults: {@code CATALOG_URL}
 * ({@code http://127.0.0.1:8083}) and {@code CATALOG_API_TOKEN} (the catalog's reads need it), the primary store
 * ({@code BACKUP_WORKER_STORE_TYPE}, {@code BACKUP_STORE_ROOT}, {@code S3_ENDPOINT}, {@code S3_ACCESS_KEY},
 * {@code S3_SECRET_KEY}, {@code S3_BUCKET}), the offsite store
 * ({@code S3_OFFSITE_ENDPOINT}, {@code S3_OFFSITE_ACCESS_KEY}, {@code S3_OFFSITE_SECRET_KEY},
 * {@code S3_OFFSITE_BUCKET}) and its keys ({@code OFFSITE_ENCRYPTION_KEYSET}, and the legacy
 * {@code OFFSITE_ENCRYPTION_KEY_ID}, {@code OFFSITE_ENCRYPTION_KEY}, {@code OFFSITE_ENCRYPTION_PREVIOUS_KEYS}).
 *
 * <p>Exit status: 0 consistent, 1 differences found, 2 the catalog or a store could not be read, 64 usage.
 */
public final class ReconcileCommand {

    static final int CONSISTENT = 0;
    static final int DIFFERENCES = 1;
    static final int FAILED = 2;
    static final int USAGE = 64;
    private static final String USAGE_TEXT = "usage: bin/reconcile [--database DB] [--json]";

    private ReconcileCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs the command; returns its exit status. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        String database = null;
        boolean json = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--json" -> json = true;
                case "--database" -> {
                    if (i + 1 >= args.length) {
                        err.println(USAGE_TEXT);
                        return USAGE;
                    }
                    database = args[++i];
                }
                case "-h", "--help" -> {
                    out.println(USAGE_TEXT);
                    return CONSISTENT;
                }
                default -> {
                    err.println("unknown argument " + args[i] + "\n" + USAGE_TEXT);
                    return USAGE;
                }
            }
        }
        ReconciliationReport report;
        try {
            report = reconciliation(env).run(database);
        } catch (IOException | RuntimeException e) {
            err.println("reconciliation failed: " + (e.getMessage() == null ? e.getClass().getName() : e.getMessage()));
            return FAILED;
        }
        if (json) {
            out.println(JsonMapper.builder().build().writeValueAsString(asJson(report)));
        } else {
            print(report, out);
        }
        return report.consistent() ? CONSISTENT : DIFFERENCES;
    }

    private static Reconciliation reconciliation(Map<String, String> env) throws IOException {
        ObjectStore primary = ObjectStores.open(get(env, "BACKUP_WORKER_STORE_TYPE", "filesystem"),
                get(env, "BACKUP_STORE_ROOT", ".run/store/backups"),
                new S3Settings(get(env, "S3_ENDPOINT", "http://127.0.0.1:9000"), "us-east-1",
                        get(env, "S3_ACCESS_KEY", "backup"), get(env, "S3_SECRET_KEY", "backup-secret-key"),
                        get(env, "S3_BUCKET", "backups")));
        ObjectStore offsite = S3ObjectStore.connect(new S3Settings(
                get(env, "S3_OFFSITE_ENDPOINT", "http://127.0.0.1:9100"), "us-east-1",
                get(env, "S3_OFFSITE_ACCESS_KEY", "backup"), get(env, "S3_OFFSITE_SECRET_KEY", "backup-secret-key"),
                get(env, "S3_OFFSITE_BUCKET", "offsite-backups")));
        HttpCatalogBackups catalog = new HttpCatalogBackups(
                URI.create(get(env, "CATALOG_URL", "http://127.0.0.1:8083")), env.get("CATALOG_API_TOKEN"));
        return new Reconciliation(catalog, primary, new OffsiteCopies(offsite, Keyring.fromEnvironment(env),
                Boolean.parseBoolean(get(env, "OFFSITE_ENCRYPTION_ACCEPT_V1", "false"))),
                EnumSet.of(Tier.WEEKLY, Tier.MONTHLY));
    }

    private static String get(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static void print(ReconciliationReport report, PrintStream out) {
        for (Difference d : report.differences()) {
            out.println(d);
        }
        if (report.catalogTruncated()) {
            out.println("WARNING the catalog listed only its first page of backups: narrow with --database;"
                    + " EXTRA findings may be false");
        }
        out.printf("%s: %d backups in the catalog, %d primary and %d offsite archives read and checked, %d"
                        + " difference(s)%n", report.database() == null ? "all databases" : report.database(),
                report.backupsInCatalog(), report.primaryChecked(), report.offsiteChecked(),
                report.differences().size());
    }

    private static Map<String, Object> asJson(ReconciliationReport report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("database", report.database());
        json.put("consistent", report.consistent());
        json.put("backupsInCatalog", report.backupsInCatalog());
        json.put("primaryChecked", report.primaryChecked());
        json.put("offsiteChecked", report.offsiteChecked());
        json.put("catalogTruncated", report.catalogTruncated());
        List<Map<String, Object>> differences = new ArrayList<>();
        for (Difference d : report.differences()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("kind", d.kind().name());
            entry.put("store", d.store());
            entry.put("key", d.key());
            entry.put("detail", d.detail());
            differences.add(entry);
        }
        json.put("differences", differences);
        return json;
    }
}
