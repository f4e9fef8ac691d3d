package com.aquastream.backup.backupctl;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Where the CLI finds its connections and secrets: the same environment variables and {@code .run/} files the
 * {@code bin/} scripts read (README, "Operating it" and "Kafka security"). Secrets never come from the command line,
 * where {@code ps} would show them.
 */
final class Settings {

    static final String DEFAULT_BOOTSTRAP_SERVERS = "127.0.0.1:9092";
    static final String DEFAULT_CATALOG_URL = "http://127.0.0.1:8083";
    static final String DEFAULT_DATABASE = "aquastream";
    static final Duration DEFAULT_RESTORE_WAIT = Duration.ofHours(2);
    static final Duration DEFAULT_KAFKA_TIMEOUT = Duration.ofSeconds(15);
    static final Duration DEFAULT_RESTORE_POLL = Duration.ofSeconds(5);
    static final String DEFAULT_RESTORE_WORKER_URL = "http://127.0.0.1:8082";
    static final String PRINCIPAL = "operator";
    static final int MIN_SIGNING_KEY_BYTES = 32;

    /** A file only the repository has: how the root is recognised. */
    private static final String ROOT_MARKER = "infra/kafka-acls.conf";

    private final Map<String, String> environment;
    private final Path repositoryRoot;

    /** @param repositoryRoot the checkout the {@code .run/} files live in, {@code null} when there is none */
    Settings(Map<String, String> environment, Path repositoryRoot) {
        this.environment = Map.copyOf(environment);
        this.repositoryRoot = repositoryRoot;
    }

    /** The process environment, and the checkout holding the jar, else the one holding the working directory. */
    static Settings fromEnvironment() {
        Path root = findRoot(jarLocation());
        if (root == null) {
            root = findRoot(Path.of("").toAbsolutePath());
        }
        return new Settings(System.getenv(), root);
    }

    /** The nearest directory at or above {@code start} holding {@value #ROOT_MARKER}, or {@code null}. */
    static Path findRoot(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(ROOT_MARKER))) {
                return dir;
            }
        }
        return null;
    }

    private static Path jarLocation() {
        try {
            var source = Settings.class.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }

    String database() {
        return get("BACKUP_DATABASE").orElse(DEFAULT_DATABASE);
    }

    /** The operating user, as the scripts name the requester: {@code $USER}, else {@code operator}. */
    String user() {
        return get("USER").orElse(PRINCIPAL);
    }

    String host() {
        return get("HOSTNAME").orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "localhost";
            }
        });
    }

    Duration restoreWait() {
        return seconds("RESTORE_WAIT_SECONDS", DEFAULT_RESTORE_WAIT);
    }

    /** How long a command waits for the Kafka broker: {@code KAFKA_TIMEOUT_SECONDS}, else 15 s. */
    Duration kafkaTimeout() {
        Duration timeout = seconds("KAFKA_TIMEOUT_SECONDS", DEFAULT_KAFKA_TIMEOUT);
        if (timeout.isZero()) {
            throw BackupctlException.usage("KAFKA_TIMEOUT_SECONDS must be at least 1");
        }
        return timeout;
    }

    /** How often restore-all asks the catalog about its batch: {@code RESTORE_POLL_SECONDS}, else 5 s. */
    Duration restorePoll() {
        return seconds("RESTORE_POLL_SECONDS", DEFAULT_RESTORE_POLL);
    }

    /** Where the restore-worker reports its running restores: {@code RESTORE_WORKER_URL}, else bin/run-local's. */
    String restoreWorkerUrl() {
        return get("RESTORE_WORKER_URL").orElse(DEFAULT_RESTORE_WORKER_URL).replaceAll("/+$", "");
    }

    /** The offsite-replicator's executable jar for {@code reconcile}: {@code OFFSITE_REPLICATOR_JAR}, if set. */
    Optional<String> offsiteReplicatorJar() {
        return get("OFFSITE_REPLICATOR_JAR");
    }

    /** The checkout the {@code .run/} files and the modules' builds live in, if there is one. */
    Optional<Path> repositoryRoot() {
        return Optional.ofNullable(repositoryRoot);
    }

    /** The environment as given, for a child process that reads its configuration from it. */
    Map<String, String> environment() {
        return environment;
    }

    private Duration seconds(String name, Duration fallback) {
        Optional<String> seconds = get(name);
        if (seconds.isEmpty()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(seconds.get().strip());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return Duration.ofSeconds(value);
        } catch (NumberFormatException e) {
            throw BackupctlException.usage(name + " is not a number of seconds: " + seconds.get());
        }
    }

    /** {@code RESTORE_SIGNING_KEY}, else {@code .run/restore-signing-key} (made by bin/run-local); UTF-8 bytes. */
    byte[] restoreSigningKey() {
        String key = get("RESTORE_SIGNING_KEY")
                .or(() -> readRunFile("restore-signing-key"))
                .orElseThrow(() -> BackupctlException.usage(
                        "no restore signing key: set RESTORE_SIGNING_KEY (or start bin/run-local, which writes "
                                + ".run/restore-signing-key)"));
        byte[] bytes = key.getBytes(UTF_8);
        if (bytes.length < MIN_SIGNING_KEY_BYTES) {
            throw BackupctlException.usage("the restore signing key must have at least " + MIN_SIGNING_KEY_BYTES
                    + " bytes, has " + bytes.length);
        }
        return bytes;
    }

    String catalogUrl() {
        return get("CATALOG_URL").orElse(DEFAULT_CATALOG_URL).replaceAll("/+$", "");
    }

    /** {@code CATALOG_API_TOKEN}, else {@code .run/catalog-api-token}; none: requests go without one. */
    Optional<String> catalogToken() {
        return get("CATALOG_API_TOKEN").or(() -> readRunFile("catalog-api-token"));
    }

    /**
     * The Kafka client settings of the {@code operator} login: the properties file {@code KAFKA_CLIENT_CONFIG}, else
     * the local broker's ({@code infra/kafka.sh client-config operator}); bootstrap servers from
     * {@code KAFKA_BOOTSTRAP_SERVERS}, else the file's, else {@value #DEFAULT_BOOTSTRAP_SERVERS}.
     */
    Map<String, Object> kafkaConnection() {
        Path file = get("KAFKA_CLIENT_CONFIG").map(Path::of).orElseGet(this::localClientConfig);
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new BackupctlException(Exit.USAGE, "cannot read the Kafka client config " + file + ": " + e, e);
        }
        Map<String, Object> connection = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> connection.put(name, properties.getProperty(name)));
        String bootstrap = get("KAFKA_BOOTSTRAP_SERVERS").orElse(
                properties.getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, DEFAULT_BOOTSTRAP_SERVERS));
        connection.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return connection;
    }

    private Path localClientConfig() {
        if (repositoryRoot == null) {
            throw BackupctlException.usage("set KAFKA_CLIENT_CONFIG to the operator's Kafka client properties "
                    + "(outside a checkout there is no infra/kafka.sh to ask)");
        }
        Path file = repositoryRoot.resolve(".run/kafka/clients/" + PRINCIPAL + ".properties");
        if (Files.isRegularFile(file)) {
            return file;
        }
        return askKafkaScript();
    }

    /** {@code infra/kafka.sh client-config operator}: makes the credentials and the file on first use. */
    private Path askKafkaScript() {
        Path script = repositoryRoot.resolve("infra/kafka.sh");
        try {
            Process process = new ProcessBuilder(script.toString(), "client-config", PRINCIPAL)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String printed = new String(process.getInputStream().readAllBytes(), UTF_8).strip();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || printed.isEmpty()) {
                throw BackupctlException.usage(script + " client-config " + PRINCIPAL
                        + " failed: set KAFKA_CLIENT_CONFIG");
            }
            return Path.of(printed);
        } catch (IOException e) {
            throw BackupctlException.usage("cannot run " + script + " (" + e.getMessage()
                    + "): set KAFKA_CLIENT_CONFIG");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupctlException(Exit.ERROR, "interrupted");
        }
    }

    private Optional<String> get(String name) {
        return Optional.ofNullable(environment.get(name)).filter(value -> !value.isBlank());
    }

    /** A one-line secret under {@code .run/}, without its line break, like the scripts' {@code $(cat …)}. */
    private Optional<String> readRunFile(String name) {
        if (repositoryRoot == null) {
            return Optional.empty();
        }
        Path file = repositoryRoot.resolve(".run").resolve(name);
        try {
            return Files.isRegularFile(file)
                    ? Optional.of(Files.readString(file, UTF_8).replaceAll("[\r\n]+$", "")).filter(s -> !s.isEmpty())
                    : Optional.empty();
        } catch (IOException e) {
            throw new BackupctlException(Exit.USAGE, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
