package com.aquastream.backup.core.consumer;

import com.aquastream.backup.events.Topics;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Copies a rejected record to {@code <topic>.DLT}, unchanged, with where it came from and why it was rejected
 * in headers (the same header names Spring Kafka's DeadLetterPublishingRecoverer uses, so tools that know those
 * read ours).
 */
public final class DeadLetterPublisher {

    public static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";
    public static final String ORIGINAL_PARTITION = "kafka_dlt-original-partition";
    public static final String ORIGINAL_OFFSET = "kafka_dlt-original-offset";
    public static final String EXCEPTION_FQCN = "kafka_dlt-exception-fqcn";
    public static final String EXCEPTION_MESSAGE = "kafka_dlt-exception-message";
    public static final String EXCEPTION_CAUSE_FQCN = "kafka_dlt-exception-cause-fqcn";

    private static final int MAX_MESSAGE_CHARS = 2000;

    private final Producer<String, byte[]> producer;

    public DeadLetterPublisher(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    /** Publishes the dead letter and waits for the broker's acknowledgement. */
    public void publish(ConsumerRecord<String, byte[]> record, Throwable error) throws Exception {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            headers.add(h);
        }
        headers.add(ORIGINAL_TOPIC, utf8(record.topic()));
        headers.add(ORIGINAL_PARTITION, utf8(Integer.toString(record.partition())));
        headers.add(ORIGINAL_OFFSET, utf8(Long.toString(record.offset())));
        headers.add(EXCEPTION_FQCN, utf8(error.getClass().getName()));
        headers.add(EXCEPTION_MESSAGE, utf8(truncate(messages(error))));
        Throwable root = rootCause(error);
        if (root != error) {
            headers.add(EXCEPTION_CAUSE_FQCN, utf8(root.getClass().getName()));
        }
        producer.send(new ProducerRecord<>(Topics.deadLetterOf(record.topic()), null, record.key(), record.value(), headers))
                .get(30, TimeUnit.SECONDS);
    }

    /** The error's message and its causes', outermost first: the innermost usually names what really failed. */
    static String messages(Throwable error) {
        StringBuilder text = new StringBuilder(String.valueOf(error.getMessage()));
        Throwable seen = error;
        for (Throwable c = error.getCause(); c != null && c != seen; seen = c, c = c.getCause()) {
            if (c.getMessage() != null && !text.toString().contains(c.getMessage())) {
                text.append("; caused by ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
            }
        }
        return text.toString();
    }

    private static Throwable rootCause(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String truncate(String s) {
        return s.length() <= MAX_MESSAGE_CHARS ? s : s.substring(0, MAX_MESSAGE_CHARS) + "...";
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
