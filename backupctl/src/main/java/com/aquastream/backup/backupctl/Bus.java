package com.aquastream.backup.backupctl;

import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.RestoreEvent;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/** The event bus as the CLI uses it: publish a command, hear a restore's answer. */
interface Bus extends AutoCloseable {

    /** Publishes {@code event} on its topic, keyed {@code database.schema}, and returns once the broker has it. */
    void publish(Event event);

    /**
     * Starts listening for restore answers from now on. Returns once listening, so an answer to a command published
     * afterwards cannot be missed.
     */
    RestoreAnswers listenForRestoreAnswers();

    @Override
    void close();

    /** The answers ({@code restore.completed / verified / failed / rejected}) heard since listening started. */
    interface RestoreAnswers extends AutoCloseable {

        /** The first answer to {@code restoreId}, or empty when none came within {@code timeout}. */
        Optional<RestoreEvent> await(UUID restoreId, Duration timeout);

        @Override
        void close();
    }
}
