package com.aquastream.backup.core.platform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Refuses to start a service configured with a property the platform renamed (issue 16: one set of store, PostgreSQL
 * and consumer properties, {@code backup.platform.*}; the offsite endpoint {@code offsite.destination.*}). Without
 * it the old name would be ignored in silence and a worker would write to the default store, or the wrong group.
 * The message names the old and the new property, never a value.
 */
public final class RenamedProperties implements EnvironmentPostProcessor, Ordered {

    /** Old prefix → new prefix, in the properties' canonical (dashed, lower-case) form. */
    static final Map<String, String> RENAMED = renamed();

    /** Environment variables that keep their meaning: placeholders the services' application.yml read. */
    private static final List<String> STILL_READ = List.of("BACKUP_WORKER_STORE_TYPE");

    private static Map<String, String> renamed() {
        Map<String, String> renamed = new LinkedHashMap<>();
        renamed.put("backup.worker.store.", "backup.platform.store.");
        renamed.put("backup.worker.postgres.", "backup.platform.postgres.");
        renamed.put("backup.worker.consumer.", "backup.platform.consumer.");
        renamed.put("backup.worker.topic-partitions", "backup.platform.topic-partitions");
        renamed.put("restore.store.", "backup.platform.store.");
        renamed.put("restore.postgres.", "backup.platform.postgres.");
        renamed.put("restore.consumer.concurrency", "restore.concurrency");
        renamed.put("restore.consumer.", "backup.platform.consumer.");
        renamed.put("offsite.primary.", "backup.platform.store.");
        renamed.put("offsite.offsite.", "offsite.destination.");
        renamed.put("offsite.consumer.", "backup.platform.consumer.");
        renamed.put("catalog.topic-partitions", "backup.platform.topic-partitions");
        renamed.put("alerting.topic-partitions", "backup.platform.topic-partitions");
        renamed.put("alerting.consumer.group-id", "backup.platform.consumer.group");
        renamed.put("alerting.consumer.concurrency", "alerting.concurrency");
        renamed.put("alerting.consumer.retry-max-elapsed",
                "backup.platform.consumer.redelivery-backoff × backup.platform.consumer.max-attempts");
        renamed.put("alerting.consumer.", "backup.platform.consumer.");
        renamed.put("catalog.outbox.send-timeout", "backup.platform.send-timeout");
        renamed.put("catalog.outbox.", "backup.platform.outbox.");
        // No service has a Spring Kafka listener any more: the job consumers read backup.platform.consumer.*.
        renamed.put("spring.kafka.consumer.group-id", "backup.platform.consumer.group");
        renamed.put("spring.kafka.consumer.auto-offset-reset", "backup.platform.consumer.auto-offset-reset");
        return renamed;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        List<String> found = new ArrayList<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                boolean fromEnvironment = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME
                        .equals(source.getName());
                for (String name : enumerable.getPropertyNames()) {
                    String replacement = fromEnvironment ? replacementOfVariable(name) : replacementOf(name);
                    if (replacement != null) {
                        found.add(name + " (now " + replacement + ")");
                    }
                }
            }
        }
        if (!found.isEmpty()) {
            throw new IllegalStateException("not starting: renamed settings are still configured, and would be"
                    + " ignored: " + String.join(", ", found) + ". The store, PostgreSQL and consumer settings of"
                    + " every service are backup.platform.* now (README, \"Configuration\")");
        }
    }

    /** The new spelling of a renamed property, {@code null} when {@code name} was not renamed. */
    static String replacementOf(String name) {
        String canonical = name.toLowerCase(Locale.ROOT).replace('_', '-');
        for (Map.Entry<String, String> rename : RENAMED.entrySet()) {
            if (canonical.startsWith(rename.getKey())) {
                return rename.getValue() + canonical.substring(rename.getKey().length());
            }
        }
        return null;
    }

    /** The same for an environment variable ({@code RESTORE_STORE_S3_BUCKET}), by Spring's relaxed binding. */
    static String replacementOfVariable(String variable) {
        if (STILL_READ.contains(variable)) {
            return null;
        }
        String upper = variable.toUpperCase(Locale.ROOT);
        for (Map.Entry<String, String> rename : RENAMED.entrySet()) {
            String key = rename.getKey().toUpperCase(Locale.ROOT).replace('.', '_');
            // Boot's spelling drops the dashes; the legacy one it still binds turns them into underscores
            for (String old : new String[] {key.replace("-", ""), key.replace('-', '_')}) {
                if (upper.startsWith(old)) {
                    String rest = upper.substring(old.length());
                    return rename.getValue().toUpperCase(Locale.ROOT).replace("-", "").replace('.', '_') + rest;
                }
            }
        }
        return null;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 50;
    }
}
