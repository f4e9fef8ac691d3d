package com.aquastream.backup.backupctl;

import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.RestoreEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/** The bus in memory: records what was published, answers restores as told, hands out events to follow. */
final class FakeBus implements Bus {

    final List<Event> published = new ArrayList<>();
    final List<String> calls = new ArrayList<>();
    /** From the restore id to the answer; {@code null}: no answer (a timeout). */
    Function<UUID, RestoreEvent> answerer = restoreId -> null;
    /** What follow reads, one poll per element. */
    final Deque<List<Event>> toFollow = new ArrayDeque<>();
    boolean closed;
    /** What happens on the bus once an event is published (e.g. an answer arrives). */
    Consumer<Event> onPublish = event -> { };

    @Override
    public void publish(Event event) {
        calls.add("publish " + event.topic());
        published.add(event);
        onPublish.accept(event);
    }

    @Override
    public RestoreAnswers listenForRestoreAnswers() {
        calls.add("listen");
        return new RestoreAnswers() {
            @Override
            public Optional<RestoreEvent> await(UUID restoreId, Duration timeout) {
                calls.add("await " + timeout.toSeconds() + " s");
                return Optional.ofNullable(answerer.apply(restoreId));
            }

            @Override
            public void close() {
                calls.add("stop listening");
            }
        };
    }

    @Override
    public Events subscribe(List<String> topics, boolean fromBeginning) {
        calls.add("subscribe " + String.join(",", topics) + (fromBeginning ? " from the beginning" : ""));
        return new Events() {
            @Override
            public List<Event> poll(Duration timeout) {
                List<Event> next = toFollow.poll();
                return next == null ? List.of() : next;
            }

            @Override
            public void close() {
                calls.add("unsubscribe");
            }
        };
    }

    @Override
    public void close() {
        closed = true;
    }
}
