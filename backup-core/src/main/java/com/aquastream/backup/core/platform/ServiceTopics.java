package com.aquastream.backup.core.platform;

import java.util.List;

/**
 * The topics a service needs, declared as a bean: the platform creates those missing at start, with
 * {@code backup.platform.topic-partitions} partitions (replication left to the broker's default). Provisioning
 * ({@code infra/kafka-broker/Provision.java}) creates them too; a service's login may create only its own.
 */
public record ServiceTopics(List<String> names) {

    public ServiceTopics {
        names = List.copyOf(names);
    }

    public static ServiceTopics of(String... names) {
        return new ServiceTopics(List.of(names));
    }
}
