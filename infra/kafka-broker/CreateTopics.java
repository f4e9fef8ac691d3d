import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates topics that do not exist yet, all in one JVM, for infra/kafka.sh: run as a single-file
 * source program ({@code java -cp 'lib/*' CreateTopics.java <bootstrap> <partitions> <topic>...}).
 */
public class CreateTopics {

    public static void main(String[] args) throws InterruptedException {
        String bootstrap = args[0];
        int partitions = Integer.parseInt(args[1]);
        List<String> topics = List.of(args).subList(2, args.length);

        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(config)) {
            List<NewTopic> newTopics = topics.stream()
                    .map(topic -> new NewTopic(topic, partitions, (short) 1))
                    .toList();
            Map<String, KafkaFuture<Void>> results = admin.createTopics(newTopics).values();
            int created = 0;
            for (var result : results.entrySet()) {
                if (createdNow(result.getKey(), result.getValue())) {
                    created++;
                }
            }
            System.out.printf("kafka: %d contract topics created, %d already there%n",
                    created, topics.size() - created);
        }
    }

    private static boolean createdNow(String topic, KafkaFuture<Void> result) throws InterruptedException {
        try {
            result.get(30, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new IllegalStateException("creating topic " + topic + " failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("creating topic " + topic + " timed out", e);
        }
    }
}
