import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Brings a SASL/SCRAM broker to the state infra/kafka-acls.conf describes, all in one JVM: a SCRAM-SHA-512 user per
 * principal (password from {@code <credentials-dir>/<principal>}), exactly the listed ACLs (others are removed), and
 * the contract topics. Run by infra/kafka.sh and by the tests' broker (TestKafka) as a single-file source program:
 * <pre>java -cp 'lib/*' Provision.java &lt;admin.properties&gt; &lt;acl-file&gt; &lt;credentials-dir&gt; &lt;partitions&gt; &lt;topic&gt;...</pre>
 * Passwords are never printed.
 */
public class Provision {

    private static final long TIMEOUT_SECONDS = 30;
    private static final String SCRAM_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";

    public static void main(String[] args) throws Exception {
        Properties admin = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            admin.load(in);
        }
        List<Grant> grants = Grant.parse(Path.of(args[1]));
        Path credentials = Path.of(args[2]);
        int partitions = Integer.parseInt(args[3]);
        List<String> topics = List.of(args).subList(4, args.length);

        Map<String, String> passwords = new LinkedHashMap<>();
        for (Grant grant : grants) {
            passwords.computeIfAbsent(grant.principal(), p -> readPassword(credentials, p));
        }
        try (Admin client = Admin.create(admin)) {
            createTopics(client, topics, partitions);
            upsertUsers(client, passwords);
            int[] changed = applyAcls(client, grants);
            System.out.printf("kafka: %d principals, %d ACLs (%d added, %d removed)%n",
                    passwords.size(), grants.size(), changed[0], changed[1]);
        }
        awaitLogin(admin.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG), admin, passwords);
    }

    private static String readPassword(Path dir, String principal) {
        try {
            String password = Files.readString(dir.resolve(principal), StandardCharsets.UTF_8).trim();
            if (password.isEmpty() || password.contains("\"") || password.contains("\\")) {
                throw new IllegalStateException("the password file of " + principal + " is empty or has quotes");
            }
            return password;
        } catch (IOException e) {
            throw new IllegalStateException("no password for principal " + principal + " in " + dir, e);
        }
    }

    private static void createTopics(Admin client, List<String> topics, int partitions) throws InterruptedException {
        var results = client.createTopics(topics.stream()
                .map(topic -> new NewTopic(topic, partitions, (short) 1)).toList()).values();
        int created = 0;
        for (var result : results.entrySet()) {
            try {
                result.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                created++;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("creating topic " + result.getKey() + " failed", e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("creating topic " + result.getKey() + " timed out", e);
            }
        }
        System.out.printf("kafka: %d contract topics created, %d already there%n", created, topics.size() - created);
    }

    private static void upsertUsers(Admin client, Map<String, String> passwords) throws Exception {
        List<UserScramCredentialAlteration> upserts = new ArrayList<>();
        passwords.forEach((user, password) -> upserts.add(new UserScramCredentialUpsertion(user,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password)));
        await(client.alterUserScramCredentials(upserts).all(), "storing the principals' SCRAM credentials");
    }

    /** Adds the missing grants, removes every ACL the file does not list; returns {added, removed}. */
    private static int[] applyAcls(Admin client, List<Grant> grants) throws Exception {
        Set<AclBinding> wanted = new LinkedHashSet<>();
        grants.forEach(grant -> wanted.add(grant.binding()));
        Set<AclBinding> present = new HashSet<>(await(client.describeAcls(AclBindingFilter.ANY).values(),
                "reading the ACLs"));
        List<AclBinding> missing = wanted.stream().filter(b -> !present.contains(b)).toList();
        List<AclBindingFilter> stale = present.stream().filter(b -> !wanted.contains(b))
                .map(AclBinding::toFilter).toList();
        if (!stale.isEmpty()) {
            await(client.deleteAcls(stale).all(), "removing ACLs the file no longer lists");
        }
        if (!missing.isEmpty()) {
            await(client.createAcls(missing).all(), "creating ACLs");
        }
        return new int[] {missing.size(), stale.size()};
    }

    /** New SCRAM users take a moment to reach the broker; wait until the first one can log in. */
    private static void awaitLogin(String bootstrap, Properties admin, Map<String, String> passwords)
            throws InterruptedException {
        if (passwords.isEmpty()) {
            return;
        }
        var first = passwords.entrySet().iterator().next();
        Properties config = new Properties();
        config.putAll(admin);
        config.put("sasl.jaas.config", SCRAM_MODULE + " required username=\"" + first.getKey() + "\" password=\""
                + first.getValue() + "\";");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            try (Admin probe = Admin.create(config)) {
                probe.describeCluster().clusterId().get(5, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("principal " + first.getKey() + " cannot log in to " + bootstrap, e);
                }
                Thread.sleep(200);
            }
        }
    }

    private static <T> T await(KafkaFuture<T> future, String what) throws Exception {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
        }
    }

    /** One line of the ACL file: {@code principal operation topic:NAME|group:PREFIX*}. */
    record Grant(String principal, AclOperation operation, ResourcePattern resource) {

        static List<Grant> parse(Path file) throws IOException {
            List<Grant> grants = new ArrayList<>();
            int number = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                number++;
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                String[] fields = text.split("\\s+");
                if (fields.length != 3) {
                    throw new IllegalArgumentException(file + ":" + number + ": expected 3 columns: " + text);
                }
                grants.add(new Grant(fields[0], operation(fields[1], file, number), resource(fields[2], file, number)));
            }
            return grants;
        }

        private static AclOperation operation(String name, Path file, int number) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "read" -> AclOperation.READ;
                case "write" -> AclOperation.WRITE;
                default -> throw new IllegalArgumentException(file + ":" + number + ": operation must be Read or Write");
            };
        }

        private static ResourcePattern resource(String text, Path file, int number) {
            if (text.startsWith("topic:") && !text.endsWith("*")) {
                return new ResourcePattern(ResourceType.TOPIC, text.substring(6), PatternType.LITERAL);
            }
            if (text.startsWith("group:") && text.endsWith("*") && text.length() > 7) {
                return new ResourcePattern(ResourceType.GROUP, text.substring(6, text.length() - 1),
                        PatternType.PREFIXED);
            }
            throw new IllegalArgumentException(file + ":" + number + ": resource must be topic:NAME or group:PREFIX*");
        }

        AclBinding binding() {
            return new AclBinding(resource, new AccessControlEntry("User:" + principal, "*", operation,
                    AclPermissionType.ALLOW));
        }
    }
}
