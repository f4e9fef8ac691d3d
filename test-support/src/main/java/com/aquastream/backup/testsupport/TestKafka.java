package com.aquastream.backup.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka broker the integration tests use, secured exactly like {@code infra/kafka.sh}'s: SASL/SCRAM-SHA-512
 * logins, KRaft's {@code StandardAuthorizer}, and the principals and ACLs of {@code infra/kafka-acls.conf} (applied by
 * the same {@code infra/kafka-broker/Provision.java}). So every service under test connects as its own principal and
 * a missing ACL fails the suite. Chosen once per JVM and never skipped:
 * <ol>
 *   <li>an external broker when {@code KAFKA_BOOTSTRAP_SERVERS} is set (system property or environment), one
 *       {@code infra/kafka.sh} started: the passwords are read from {@code KAFKA_CREDENTIALS_DIR} (default
 *       {@code .run/kafka/credentials});</li>
 *   <li>else a broker in this JVM ({@code KafkaRaftServer}, the class {@code kafka.Kafka} runs) on free ports, with
 *       passwords made up for this JVM, stopped by a shutdown hook.</li>
 * </ol>
 * The test harness itself ({@link #producer()}, {@link #consumer}, {@link #createTopics}) acts as {@code admin}, the
 * broker's super user; services get their own principal through {@link #springProperties} or {@link #environment}.
 */
public final class TestKafka {

    /** Topics get several partitions, like production, so per-key ordering is really exercised. */
    public static final int PARTITIONS = 6;

    public static final String ADMIN = "admin";

    /** The public contract's topics (DESIGN.md); each also has its dead-letter topic. */
    private static final List<String> CONTRACT_TOPICS = List.of("backup.requested", "backup.completed",
            "backup.failed", "backup.expired", "restore.requested", "restore.completed", "restore.verified",
            "restore.failed", "restore.rejected", "backup.replicated", "replication.failed", "alert.raised",
            "alert.resolved", "wal.archived", "wal.status", "basebackup.requested", "basebackup.completed",
            "basebackup.failed");
    private static final String ACL_FILE = "infra/kafka-acls.conf";
    private static final String PROVISION = "infra/kafka-broker/Provision.java";
    private static final String SCRAM = "SCRAM-SHA-512";
    private static final long ADMIN_TIMEOUT_SECONDS = 30;

    private TestKafka() {
    }

    public static String bootstrapServers() {
        return Broker.INSTANCE.bootstrap;
    }

    /** The plain client settings to connect as {@code principal}: bootstrap servers and the SASL login. */
    public static Map<String, Object> clientConfig(String principal) {
        return Broker.INSTANCE.clientConfig(principal);
    }

    /** A client that does not log in at all. */
    public static Map<String, Object> anonymousClientConfig() {
        return new HashMap<>(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** The Spring Boot properties that connect a service to this broker as {@code principal}. */
    public static Map<String, String> springProperties(String principal) {
        return Broker.INSTANCE.springProperties(principal);
    }

    /** {@link #springProperties} as command-line arguments ({@code --name=value}). */
    public static List<String> springArguments(String principal) {
        return springProperties(principal).entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toList();
    }

    /** {@code args} after {@link #springArguments}: a service's command line, logged in as {@code principal}. */
    public static String[] withLogin(String principal, String... args) {
        List<String> all = new ArrayList<>(springArguments(principal));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    /** The environment a service's process reads its Kafka connection from (application.yml's placeholders). */
    public static Map<String, String> environment(String principal) {
        return Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers(), "KAFKA_USERNAME", principal,
                "KAFKA_PASSWORD", password(principal));
    }

    /**
     * A client properties file (mode 600) to log in as {@code principal}: what the operator scripts read from
     * {@code KAFKA_CLIENT_CONFIG} (the Kafka CLI's {@code --command-config} format).
     */
    public static Path clientConfigFile(String principal) {
        try {
            Path file = Files.createTempFile("kafka-" + principal + "-", ".properties",
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            Properties properties = new Properties();
            clientConfig(principal).forEach((name, value) -> properties.put(name, String.valueOf(value)));
            try (var out = Files.newOutputStream(file)) {
                properties.store(out, "TestKafka login of " + principal);
            }
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates the topics (6 partitions each, idempotent; ignores TopicExistsException) as admin. */
    public static void createTopics(String... topics) {
        try (Admin admin = Admin.create(clientConfig(ADMIN))) {
            // The broker's default replication factor, so the same call suits a multi-broker external cluster.
            List<NewTopic> newTopics = Arrays.stream(topics)
                    .map(topic -> new NewTopic(topic, Optional.of(PARTITIONS), Optional.empty()))
                    .toList();
            for (var result : admin.createTopics(newTopics).values().entrySet()) {
                awaitCreated(result.getKey(), result.getValue());
            }
        }
    }

    /** A new plain KafkaProducer<String, byte[]> (acks=all) logged in as admin. */
    public static KafkaProducer<String, byte[]> producer() {
        return producer(ADMIN);
    }

    /** A new plain KafkaProducer<String, byte[]> (acks=all) logged in as {@code principal}. */
    public static KafkaProducer<String, byte[]> producer(String principal) {
        Map<String, Object> config = clientConfig(principal);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(config);
    }

    /** A new admin KafkaConsumer<String, byte[]> with a unique group id, earliest offsets, subscribed to the topics. */
    public static KafkaConsumer<String, byte[]> consumer(String... topics) {
        return consumerAs(ADMIN, "test-" + UUID.randomUUID(), topics);
    }

    /** A new KafkaConsumer<String, byte[]> logged in as {@code principal} in {@code group}, earliest offsets. */
    public static KafkaConsumer<String, byte[]> consumerAs(String principal, String group, String... topics) {
        Map<String, Object> config = clientConfig(principal);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config);
        consumer.subscribe(List.of(topics));
        return consumer;
    }

    private static String password(String principal) {
        return Broker.INSTANCE.password(principal);
    }

    /**
     * A second broker in this JVM whose only client listener is SASL_SSL (TLS with a certificate made for this JVM,
     * SCRAM logins, the same principals and ACLs): the production transport README's "Kafka security" describes.
     * Started on first use, so only the tests that need it pay for it.
     */
    public static final class Tls {

        private Tls() {
        }

        public static String bootstrapServers() {
            return TlsBroker.INSTANCE.bootstrap;
        }

        /** Client settings for {@code principal}: SASL_SSL, SCRAM, and a trust store holding the broker's CA. */
        public static Map<String, Object> clientConfig(String principal) {
            return TlsBroker.INSTANCE.clientConfig(principal);
        }

        /** Spring Boot properties, as a service would get them from the environment README names. */
        public static Map<String, String> springProperties(String principal) {
            return TlsBroker.INSTANCE.springProperties(principal);
        }

        /** {@code args} after {@link #springProperties} as {@code --name=value}. */
        public static String[] withLogin(String principal, String... args) {
            List<String> all = new ArrayList<>(springProperties(principal).entrySet().stream()
                    .map(e -> "--" + e.getKey() + "=" + e.getValue()).toList());
            all.addAll(List.of(args));
            return all.toArray(String[]::new);
        }
    }

    private static final class TlsBroker {
        static final Broker INSTANCE = Broker.startInProcess(RepositoryRoot.containing(ACL_FILE),
                Broker.principals(RepositoryRoot.containing(ACL_FILE).resolve(ACL_FILE)), true);
    }

    private static String jaasConfig(String principal, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + principal
                + "\" password=\"" + password + "\";";
    }

    private static void awaitCreated(String topic, org.apache.kafka.common.KafkaFuture<Void> creation) {
        try {
            creation.get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create topic " + topic, e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Creating topic " + topic + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + topic, e);
        }
    }

    /** Holder idiom: the broker is chosen (and started, if need be) on first use, once per JVM. */
    private static final class Broker {

        static final Broker INSTANCE = choose();

        final String bootstrap;
        final Map<String, String> passwords;
        /** SASL_PLAINTEXT, or SASL_SSL with these trust store settings. */
        final TrustStore trustStore;

        private Broker(String bootstrap, Map<String, String> passwords, TrustStore trustStore) {
            this.bootstrap = bootstrap;
            this.passwords = passwords;
            this.trustStore = trustStore;
        }

        String password(String principal) {
            String password = passwords.get(principal);
            if (password == null) {
                throw new IllegalArgumentException("no Kafka principal " + principal + " (see " + ACL_FILE + ")");
            }
            return password;
        }

        String protocol() {
            return trustStore == null ? "SASL_PLAINTEXT" : "SASL_SSL";
        }

        Map<String, Object> clientConfig(String principal) {
            Map<String, Object> config = new HashMap<>();
            config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol());
            config.put(SaslConfigs.SASL_MECHANISM, SCRAM);
            config.put(SaslConfigs.SASL_JAAS_CONFIG, jaasConfig(principal, password(principal)));
            if (trustStore != null) {
                config.put("ssl.truststore.location", trustStore.path().toString());
                config.put("ssl.truststore.password", trustStore.password());
                config.put("ssl.truststore.type", "PKCS12");
            }
            return config;
        }

        Map<String, String> springProperties(String principal) {
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("spring.kafka.bootstrap-servers", bootstrap);
            properties.put("spring.kafka.security.protocol", protocol());
            properties.put("spring.kafka.properties.sasl.mechanism", SCRAM);
            properties.put("spring.kafka.properties.sasl.jaas.config", jaasConfig(principal, password(principal)));
            if (trustStore != null) {
                properties.put("spring.kafka.ssl.trust-store-location", trustStore.path().toUri().toString());
                properties.put("spring.kafka.ssl.trust-store-password", trustStore.password());
                properties.put("spring.kafka.ssl.trust-store-type", "PKCS12");
            }
            return properties;
        }

        private static Broker choose() {
            Path repo = RepositoryRoot.containing(ACL_FILE);
            List<String> principals = principals(repo.resolve(ACL_FILE));
            String external = Settings.get("KAFKA_BOOTSTRAP_SERVERS");
            if (external != null) {
                Path dir = Path.of(Settings.get("KAFKA_CREDENTIALS_DIR",
                        repo.resolve(".run/kafka/credentials").toString()));
                Map<String, String> passwords = new HashMap<>();
                for (String principal : principals) {
                    passwords.put(principal, read(dir.resolve(principal)));
                }
                return new Broker(external, passwords, null);
            }
            return startInProcess(repo, principals, false);
        }

        static List<String> principals(Path aclFile) {
            try (Stream<String> lines = Files.lines(aclFile)) {
                List<String> principals = new ArrayList<>(List.of(ADMIN));
                lines.map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                        .map(line -> line.split("\\s+")[0]).distinct().forEach(principals::add);
                return principals;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String read(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new IllegalStateException("KAFKA_BOOTSTRAP_SERVERS is set but " + file + " cannot be read: "
                        + "start the broker with infra/kafka.sh start, or set KAFKA_CREDENTIALS_DIR", e);
            }
        }

        static Broker startInProcess(Path repo, List<String> principals, boolean tls) {
            try {
                Path dir = Files.createTempDirectory("test-kafka-");
                Map<String, String> passwords = new HashMap<>();
                Path credentials = Files.createDirectory(dir.resolve("credentials"));
                SecureRandom random = new SecureRandom();
                for (String principal : principals) {
                    byte[] bytes = new byte[24];
                    random.nextBytes(bytes);
                    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).replace('-', 'x')
                            .replace('_', 'y');
                    passwords.put(principal, password);
                    Files.writeString(credentials.resolve(principal), password);
                }
                TrustStore trustStore = tls ? TrustStore.selfSigned(dir, random) : null;
                InProcessBroker broker = InProcessBroker.start(dir, passwords.get(ADMIN), PARTITIONS, trustStore);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    broker.stop();
                    deleteTree(dir);
                }, "test-kafka-shutdown"));
                Broker started = new Broker(broker.bootstrap(), passwords, trustStore);
                provision(repo, started, credentials);
                return started;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Topics, users and ACLs, by the same program infra/kafka.sh runs (compiled here, run in this JVM). */
        private static void provision(Path repo, Broker broker, Path credentials) throws IOException {
            Path adminProperties = credentials.getParent().resolve("admin.properties");
            Properties admin = new Properties();
            broker.clientConfig(ADMIN).forEach((name, value) -> admin.put(name, String.valueOf(value)));
            try (var out = Files.newOutputStream(adminProperties)) {
                admin.store(out, "TestKafka admin");
            }
            List<String> args = new ArrayList<>(List.of(adminProperties.toString(),
                    repo.resolve(ACL_FILE).toString(), credentials.toString(), String.valueOf(PARTITIONS)));
            for (String topic : CONTRACT_TOPICS) {
                args.add(topic);
                args.add(topic + ".DLT");
            }
            SourceProgram.run(repo.resolve(PROVISION), args.toArray(String[]::new));
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }

        private static void deleteTree(Path dir) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException ignored) {
                // a temporary directory: best effort
            }
        }

        /**
         * A key pair and self-signed certificate for 127.0.0.1 (made with the JDK's keytool) in {@code keyStore},
         * the certificate alone in {@code path}, a trust store as a client would be given the broker's CA.
         */
        record TrustStore(Path path, Path keyStore, String password) {

            static TrustStore selfSigned(Path dir, SecureRandom random) throws IOException {
                byte[] bytes = new byte[18];
                random.nextBytes(bytes);
                String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                Path keyStore = dir.resolve("broker.p12");
                Path certificate = dir.resolve("broker.crt");
                Path trustStore = dir.resolve("truststore.p12");
                keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                        "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                        "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", password,
                        "-keypass", password);
                keytool("-exportcert", "-alias", "broker", "-keystore", keyStore.toString(), "-storepass", password,
                        "-rfc", "-file", certificate.toString());
                keytool("-importcert", "-noprompt", "-alias", "broker-ca", "-file", certificate.toString(),
                        "-keystore", trustStore.toString(), "-storetype", "PKCS12", "-storepass", password);
                return new TrustStore(trustStore, keyStore, password);
            }

            private static void keytool(String... args) throws IOException {
                List<String> command = new ArrayList<>(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
                command.addAll(List.of(args));
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                try {
                    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                        throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while running keytool", e);
                }
            }
        }

        /** A KRaft node (broker and controller) in this JVM, configured like infra/kafka.sh's broker. */
        private record InProcessBroker(kafka.server.KafkaRaftServer server, String bootstrap) {

            static InProcessBroker start(Path dir, String adminPassword, int partitions, TrustStore tls)
                    throws IOException {
                int port = freePort();
                int controllerPort = freePort();
                String listener = tls == null ? "SASL_PLAINTEXT" : "SASL_SSL";
                Properties props = new Properties();
                props.put("process.roles", "broker,controller");
                props.put("node.id", "1");
                props.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
                props.put("listeners", listener + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:"
                        + controllerPort);
                props.put("advertised.listeners", listener + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:"
                        + controllerPort);
                props.put("listener.security.protocol.map", listener + ":" + listener + ",CONTROLLER:PLAINTEXT");
                props.put("controller.listener.names", "CONTROLLER");
                props.put("inter.broker.listener.name", listener);
                props.put("sasl.enabled.mechanisms", SCRAM);
                props.put("sasl.mechanism.inter.broker.protocol", SCRAM);
                props.put("listener.name." + listener.toLowerCase(java.util.Locale.ROOT)
                        + ".scram-sha-512.sasl.jaas.config", jaasConfig(ADMIN, adminPassword));
                if (tls != null) {
                    props.put("ssl.keystore.location", tls.keyStore().toString());
                    props.put("ssl.keystore.password", tls.password());
                    props.put("ssl.key.password", tls.password());
                    props.put("ssl.keystore.type", "PKCS12");
                    // The broker is its own client on the inter-broker listener.
                    props.put("ssl.truststore.location", tls.path().toString());
                    props.put("ssl.truststore.password", tls.password());
                    props.put("ssl.truststore.type", "PKCS12");
                }
                props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
                props.put("super.users", "User:" + ADMIN + ";User:ANONYMOUS");
                props.put("allow.everyone.if.no.acl.found", "false");
                props.put("log.dirs", dir.resolve("data").toString());
                props.put("num.partitions", String.valueOf(partitions));
                props.put("auto.create.topics.enable", "true");
                props.put("default.replication.factor", "1");
                props.put("offsets.topic.replication.factor", "1");
                props.put("offsets.topic.num.partitions", "6");
                props.put("transaction.state.log.replication.factor", "1");
                props.put("transaction.state.log.min.isr", "1");
                props.put("share.coordinator.state.topic.replication.factor", "1");
                props.put("share.coordinator.state.topic.min.isr", "1");
                props.put("min.insync.replicas", "1");
                props.put("group.initial.rebalance.delay.ms", "0");
                Path config = dir.resolve("server.properties");
                try (var out = Files.newOutputStream(config)) {
                    props.store(out, "TestKafka");
                }
                String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
                var output = new java.io.ByteArrayOutputStream();
                int status = kafka.tools.StorageTool.execute(new String[] {"format", "--standalone", "-t", clusterId,
                        "-c", config.toString(), "--add-scram",
                        SCRAM + "=[name=" + ADMIN + ",password=" + adminPassword + "]"},
                        new java.io.PrintStream(output, true, StandardCharsets.UTF_8));
                if (status != 0) {
                    throw new IllegalStateException("formatting the test broker's storage failed: " + output);
                }
                var server = new kafka.server.KafkaRaftServer(kafka.server.KafkaConfig.fromProps(props, false),
                        org.apache.kafka.common.utils.Time.SYSTEM);
                server.startup();
                return new InProcessBroker(server, "127.0.0.1:" + port);
            }

            void stop() {
                server.shutdown();
                server.awaitShutdown();
            }
        }
    }
}
