package com.aquastream.backup.core.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of every job consumer of a service (component {@code jobConsumers}): UP while each poll loop runs and
 * has polled within the last two minutes; a crashed loop shows its error. A consumer's loop keeps polling while its
 * jobs run, so a stale poll means it is stuck.
 */
final class JobConsumersHealth implements HealthIndicator {

    static final Duration STALE_AFTER = Duration.ofMinutes(2);

    private final ObjectProvider<JobConsumer> consumers;
    private final Clock clock;

    JobConsumersHealth(ObjectProvider<JobConsumer> consumers, Clock clock) {
        this.consumers = consumers;
        this.clock = clock;
    }

    @Override
    public Health health() {
        List<JobConsumer> all = consumers.orderedStream().toList();
        Instant staleBefore = clock.instant().minus(STALE_AFTER);
        boolean up = true;
        Map<String, Object> details = new LinkedHashMap<>();
        for (JobConsumer consumer : all) {
            Instant lastPoll = consumer.lastPollAt();
            boolean alive = consumer.isRunning() && lastPoll != null && lastPoll.isAfter(staleBefore);
            up &= alive;
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("status", alive ? "UP" : "DOWN");
            detail.put("group", consumer.group());
            detail.put("lastPollAt", String.valueOf(lastPoll));
            detail.put("jobsRunning", consumer.jobsInFlight());
            detail.put("partitionsRevoked", consumer.revocations());
            if (consumer.crashedWith() != null) {
                detail.put("error", consumer.crashedWith().toString());
            }
            details.put(consumer.topic(), detail);
        }
        return (up ? Health.up() : Health.down()).withDetails(details).build();
    }
}
