package com.aquastream.backup.backupctl;

import static com.aquastream.backup.backupctl.Cli.aCli;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReconcileCommandTest {

    @TempDir
    Path root;

    @Test
    void startsTheOffsiteReplicatorsCheckerAsBinReconcileDidAndPassesItsExitStatusOn() throws Exception {
        Path jar = givenBuiltOffsiteJar();
        Cli cli = aCli();
        cli.repositoryRoot = root;
        cli.childExitStatus = 1;
        cli.childOutput = "MISSING offsite postgres/aquastream/weekly_user_2025-33.dump.gz\n";

        int exit = cli.run("reconcile", "--database", "aquastream", "--json");

        assertThat(exit).isEqualTo(1);
        assertThat(cli.out()).isEqualTo(cli.childOutput);
        Cli.Started started = cli.started.get(0);
        assertThat(started.command()).endsWith("-Xmx256m", "-Dlogback.configurationFile=reconcile-logback.xml",
                "-Dloader.main=com.aquastream.backup.offsite.reconcile.cli.ReconcileCommand", "-cp", jar.toString(),
                "org.springframework.boot.loader.launch.PropertiesLauncher", "--database", "aquastream", "--json");
        assertThat(Path.of(started.command().get(0)).getFileName().toString()).startsWith("java");
        assertThat(started.directory()).isEqualTo(root);
        assertThat(started.environment()).containsEntry("CATALOG_API_TOKEN", "test-token")
                .containsEntry("USER", "alice");
    }

    @Test
    void takesTheJarFromOffsiteReplicatorJar() throws Exception {
        Path jar = Files.createFile(root.resolve("custom.jar"));
        Cli cli = aCli();
        cli.environment.put("OFFSITE_REPLICATOR_JAR", jar.toString());

        int exit = cli.run("reconcile");

        assertThat(exit).isZero();
        assertThat(cli.started.get(0).command()).contains(jar.toString()).doesNotContain("--database", "--json");
    }

    @Test
    void readsTheCatalogTokenFromTheCheckoutForTheChild() throws Exception {
        givenBuiltOffsiteJar();
        Files.createDirectories(root.resolve(".run"));
        Files.writeString(root.resolve(".run/catalog-api-token"), "from-the-file\n");
        Cli cli = aCli();
        cli.environment.remove("CATALOG_API_TOKEN");
        cli.repositoryRoot = root;

        cli.run("reconcile");

        assertThat(cli.started.get(0).environment()).containsEntry("CATALOG_API_TOKEN", "from-the-file");
    }

    @Test
    void exitsTwoWithoutAJar() {
        Cli cli = aCli();
        cli.repositoryRoot = root;

        int exit = cli.run("reconcile");

        assertThat(exit).isEqualTo(ReconcileCommand.NOT_READ);
        assertThat(cli.err()).contains("offsite-replicator jar not found");
        assertThat(cli.started).isEmpty();
    }

    @Test
    void refusesAnUnknownOptionOrABadDatabaseWithoutStartingAnything() throws Exception {
        givenBuiltOffsiteJar();
        Cli unknown = aCli();
        unknown.repositoryRoot = root;
        Cli bad = aCli();
        bad.repositoryRoot = root;

        assertThat(unknown.run("reconcile", "--fix")).isEqualTo(Exit.USAGE);
        assertThat(bad.run("reconcile", "--database", "a b")).isEqualTo(Exit.USAGE);
        assertThat(unknown.started).isEmpty();
        assertThat(bad.started).isEmpty();
    }

    private Path givenBuiltOffsiteJar() throws Exception {
        Path target = Files.createDirectories(root.resolve("offsite-replicator/target"));
        Files.createFile(target.resolve("offsite-replicator-0.1.0-SNAPSHOT.jar"));
        return Files.createFile(target.resolve("offsite-replicator-0.1.0-SNAPSHOT-exec.jar"));
    }
}
