package com.aquastream.backup.backupctl;

import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.RestoreEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The event bus as the CLI uses it: publish a command, hear a restore's answer, follow the events. Every method
 * gives up after the command's {@code --kafka-timeout} when no broker answers, with {@link Exit#UNAVAILABLE}.
 */
interface Bus extends AutoCloseable {

    /** Publishes {@code event} on its topic, keyed {@code database.schema}, and returns once the broker has it. */
    void publish(Event event);

    /**
     * Starts listening for restore answers from now on. Returns once listening, so an answer to a command published
     * afterwards cannot be missed.
     */
    RestoreAnswers listenForRestoreAnswers();

    /**
     * Starts reading {@code topics}: from now on (the end of each partition), or from their beginning. Returns once
     * the reader has joined, so nothing published afterwards is missed.
     */
    Events subscribe(List<String> topics, boolean fromBeginning);

    @Override
    void close();

    /** The answers ({@code restore.completed / verified / failed / rejected}) heard since listening started. */
    interface RestoreAnswers extends AutoCloseable {

        /** The first answer to {@code restoreId}, or empty when none came within {@code timeout}. */
        Optional<RestoreEvent> await(UUID restoreId, Duration timeout);

        @Override
        void close();
    }

    /** The events read since subscribing, in the order of each partition; malformed records are skipped. */
    interface Events extends AutoCloseable {

        /** The events that arrived within {@code timeout}; empty when none did. */
        List<Event> poll(Duration timeout);

        @Override
        void close();
    }
}
