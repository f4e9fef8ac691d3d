package com.aquastream.backup.backupctl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code backupctl reconcile}: the offsite-replicator's reconciliation
 * ({@code com.aquastream.backup.offsite.reconcile.cli.ReconcileCommand}), started as a child process from the
 * offsite-replicator's executable jar exactly as bin/reconcile always started it, its output and exit status passed
 * through. Why a child process: the reconciliation reads the stores with the offsite-replicator's code (S3 client,
 * Tink keys) that the CLI's small jar does not carry, and that code stays in its module.
 */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = "Lists the differences between the catalog, the primary store and the offsite store: MISSING, "
                + "EXTRA, CHECKSUM_MISMATCH, UNREADABLE, INSECURE (reads and hashes every archive; reads only).",
        footer = {"", "Exit codes: 0 consistent, 1 differences found, 2 the catalog or a store could not be read "
                + "(or no offsite-replicator jar), 64 usage.",
                "Runs the offsite-replicator jar: OFFSITE_REPLICATOR_JAR, else "
                        + "offsite-replicator/target/offsite-replicator-*-exec.jar in the checkout "
                        + "(./mvnw -pl offsite-replicator -am package).",
                "Configured by the environment with the services' names: CATALOG_URL, CATALOG_API_TOKEN (else "
                        + ".run/catalog-api-token), BACKUP_WORKER_STORE_TYPE, BACKUP_STORE_ROOT, S3_*, S3_OFFSITE_*, "
                        + "OFFSITE_ENCRYPTION_KEYSET (offsite-replicator/SERVICE.md)."})
final class ReconcileCommand implements Callable<Integer> {

    static final String MAIN_CLASS = "com.aquastream.backup.offsite.reconcile.cli.ReconcileCommand";
    static final String LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";
    /** The offsite program's own "could not read" status, for a jar that is not there. */
    static final int NOT_READ = 2;

    private final Context context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--database", paramLabel = "DB", description = "only this database (default: all)")
    private String database;

    @Option(names = "--json", description = "one JSON document: {\"consistent\":…, \"differences\":[…]}")
    private boolean json;

    ReconcileCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Path jar = jar().orElse(null);
        if (jar == null) {
            throw new BackupctlException(NOT_READ, "offsite-replicator jar not found: build it with "
                    + "./mvnw -pl offsite-replicator -am package, or set OFFSITE_REPLICATOR_JAR");
        }
        List<String> command = new ArrayList<>(List.of(javaCommand(), "-Xmx256m",
                "-Dlogback.configurationFile=reconcile-logback.xml", "-Dloader.main=" + MAIN_CLASS,
                "-cp", jar.toString(), LAUNCHER));
        if (database != null) {
            command.addAll(List.of("--database", Names.identifier("database", database)));
        }
        if (json) {
            command.add("--json");
        }
        // The store's default root (.run/store/backups) is relative to the checkout, as for the services.
        Path directory = context.settings().repositoryRoot().orElse(Path.of("").toAbsolutePath());
        Map<String, String> environment = new HashMap<>(context.settings().environment());
        // In the environment, not on the command line, where ps would show it.
        context.settings().catalogToken().ifPresent(token -> environment.putIfAbsent("CATALOG_API_TOKEN", token));
        return context.processes().run(command, environment, directory, spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }

    /** {@code OFFSITE_REPLICATOR_JAR}, else the checkout's built jar; empty when there is none. */
    Optional<Path> jar() {
        Optional<String> configured = context.settings().offsiteReplicatorJar();
        if (configured.isPresent()) {
            Path jar = Path.of(configured.get());
            return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
        }
        Optional<Path> target = context.settings().repositoryRoot().map(r -> r.resolve("offsite-replicator/target"));
        if (target.isEmpty() || !Files.isDirectory(target.get())) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target.get())) {
            return files.filter(f -> f.getFileName().toString().matches("offsite-replicator-.*-exec\\.jar"))
                    .sorted().findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The java of this JVM, so the child runs on the same version. */
    private static String javaCommand() {
        return ProcessHandle.current().info().command()
                .filter(c -> Path.of(c).getFileName().toString().startsWith("java"))
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
