package com.aquastream.backup.alerting.config;

import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * {@code alerting} health: UP while every event consumer runs and the evaluation timer succeeded recently (three
 * intervals, at least a minute). A dead timer means dead-man's switches no longer fire, so it must show.
 */
@Component("alertingHealthIndicator")
class AlertingHealth implements HealthIndicator {

    private final KafkaListenerEndpointRegistry listeners;
    private final EvaluationTimer timer;
    private final Instant started = Instant.now();

    AlertingHealth(KafkaListenerEndpointRegistry listeners, EvaluationTimer timer) {
        this.listeners = listeners;
        this.timer = timer;
    }

    @Override
    public Health health() {
        boolean consumersRunning = !listeners.getListenerContainers().isEmpty()
                && listeners.getListenerContainers().stream().allMatch(MessageListenerContainer::isRunning);
        Duration allowed = timer.interval().multipliedBy(3).compareTo(Duration.ofMinutes(1)) < 0
                ? Duration.ofMinutes(1) : timer.interval().multipliedBy(3);
        Instant last = timer.lastSuccess();
        boolean evaluating = last == null ? Instant.now().isBefore(started.plus(allowed))
                : Instant.now().isBefore(last.plus(allowed));
        Health.Builder health = consumersRunning && evaluating ? Health.up() : Health.down();
        return health.withDetail("consumersRunning", consumersRunning)
                .withDetail("lastEvaluation", last == null ? "none yet" : last.toString())
                .build();
    }
}
