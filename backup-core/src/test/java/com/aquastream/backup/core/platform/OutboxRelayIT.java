package com.aquastream.backup.core.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.core.kafka.KafkaClients;
import com.aquastream.backup.core.kafka.KafkaEventPublisher;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.events.Trigger;
import com.aquastream.backup.testsupport.EventCollector;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import com.aquastream.backup.testsupport.TestKafka;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** The platform's outbox against a real PostgreSQL and a real (SASL) Kafka broker. */
class OutboxRelayIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    static TestDatabase database;
    static SingleConnectionDataSource dataSource;
    static KafkaProducer<String, Event> producer;
    static TransactionTemplate transactions;
    static JdbcOutbox outbox;

    @BeforeAll
    static void start() {
        database = TestDatabases.create();
        database.execute("create table outbox (id bigserial primary key, topic text not null,"
                + " message_key text not null, event_id uuid not null, event_type text not null,"
                + " payload text not null, created_at timestamptz not null, published_at timestamptz)");
        dataSource = new SingleConnectionDataSource(database.jdbcUrl(), TestDatabases.user(), "", true);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        producer = KafkaClients.eventProducer(TestKafka.clientConfig("catalog-service"), "catalog-service");
        outbox = new JdbcOutbox(JdbcClient.create(dataSource), "outbox", Clock.systemUTC());
        TestKafka.createTopics(Topics.BACKUP_REQUESTED);
    }

    @AfterAll
    static void stop() {
        producer.close();
        dataSource.destroy();
        database.close();
    }

    @Test
    void publishesWhatWasCommittedInOrderAndNothingThatWasRolledBack() {
        String schema = "s" + UUID.randomUUID().toString().substring(0, 8);
        BackupRequested first = request(schema);
        BackupRequested rolledBack = request(schema);
        BackupRequested second = request(schema);
        transactions.executeWithoutResult(status -> outbox.enqueue(first));
        transactions.executeWithoutResult(status -> {
            outbox.enqueue(rolledBack);
            status.setRollbackOnly();
        });
        transactions.executeWithoutResult(status -> outbox.enqueue(second));

        OutboxRelay relay = relay(new KafkaEventPublisher(producer)::publish);
        try (EventCollector events = new EventCollector(Topics.BACKUP_REQUESTED)) {
            relay.drain();
            await().atMost(TIMEOUT).until(() -> events.all(BackupRequested.class).stream()
                    .filter(e -> e.schema().equals(schema)).count() >= 2);
            assertThat(events.all(BackupRequested.class).stream().filter(e -> e.schema().equals(schema))
                    .map(BackupRequested::eventId)).containsExactly(first.eventId(), second.eventId());
            assertThat(events.records(Topics.BACKUP_REQUESTED).stream()
                    .filter(r -> r.key().equals("aquastream." + schema)).count()).isEqualTo(2);
        }
        assertThat(relay.backlog().pending()).isZero();
        assertThat(relay.lastRelayAt()).isNotNull();
        assertThat(relay.relayBatch()).isZero(); // nothing twice
    }

    @Test
    void aBrokerFailureMidBatchLeavesTheWholeBatchForTheNextRound() {
        BackupRequested a = request("mid");
        BackupRequested b = request("mid");
        transactions.executeWithoutResult(status -> {
            outbox.enqueue(a);
            outbox.enqueue(b);
        });
        AtomicInteger sent = new AtomicInteger();
        OutboxRelay failing = new OutboxRelay(outbox, event -> {
            if (sent.incrementAndGet() == 2) {
                throw new IllegalStateException("could not publish: broker down");
            }
        }, transactions, Clock.systemUTC(), 10);
        assertThatThrownBy(failing::drain).hasMessageContaining("broker down");
        assertThat(failing.lastError()).contains("broker down");
        // one transaction per batch: the event that did go out is not marked either
        assertThat(failing.backlog().pending()).isGreaterThanOrEqualTo(2);

        java.util.List<UUID> published = new java.util.ArrayList<>();
        relay(event -> published.add(event.eventId())).drain();
        // at least once: the first event goes out again, with the same id
        assertThat(published).contains(a.eventId(), b.eventId());
        assertThat(relay(event -> { }).backlog().pending()).isZero();
    }

    @Test
    void purgesOnlyPublishedRowsOlderThanAsked() {
        transactions.executeWithoutResult(status -> outbox.enqueue(request("purge")));
        OutboxRelay relay = relay(event -> { });
        relay.drain();
        transactions.executeWithoutResult(status -> outbox.enqueue(request("purge")));
        assertThat(relay.purgePublishedBefore(Instant.now().minus(Duration.ofDays(1)))).isZero();
        int purged = relay.purgePublishedBefore(Instant.now().plusSeconds(1));
        assertThat(purged).isPositive();
        assertThat(relay.backlog().pending()).isEqualTo(1); // the unpublished one stays
        relay.drain();
    }

    @Test
    void refusesATableNameThatIsNotAPlainName() {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        for (String bad : List.of("outbox; drop table outbox", "Outbox", "\"outbox\"", "a.b.c", "")) {
            assertThatThrownBy(() -> new JdbcOutbox(jdbc, bad, Clock.systemUTC()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("backup.platform.outbox.table");
        }
    }

    private static OutboxRelay relay(EventPublisher publisher) {
        return new OutboxRelay(outbox, publisher, transactions, Clock.systemUTC(), 1);
    }

    private static BackupRequested request(String schema) {
        return new BackupRequested(UUID.randomUUID(), Instant.now(), "aquastream", schema, UUID.randomUUID(),
                List.of(Tier.DAILY), Trigger.MANUAL, "test", null);
    }

    @Test
    void aSerializedUnitOfWorkWaitsForTheOtherInstancesAndBothEnqueueInTheirTransaction() throws Exception {
        SingleConnectionDataSource second = new SingleConnectionDataSource(database.jdbcUrl(), TestDatabases.user(), "",
                true);
        try {
            long key = 4242L;
            Transactions first = Transactions.serializedBy(transactions, JdbcClient.create(dataSource), key);
            Transactions other = Transactions.serializedBy(
                    new TransactionTemplate(new DataSourceTransactionManager(second)), JdbcClient.create(second), key);
            java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            java.util.List<String> order = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            Thread holder = new Thread(() -> first.inTransaction(() -> {
                order.add("first in");
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                order.add("first out");
                return null;
            }));
            holder.start();
            holding.await();
            Thread waiter = new Thread(() -> other.inTransaction(() -> order.add("second in")));
            waiter.start();
            // the second unit of work waits for the lock the first one holds
            await().atMost(TIMEOUT).until(() -> database.queryLong(
                    "select count(*) from pg_locks where locktype = 'advisory' and not granted"
                            + " and database = (select oid from pg_database where datname = current_database())") >= 1);
            assertThat(order).containsExactly("first in");
            release.countDown();
            holder.join(10_000);
            waiter.join(10_000);
            assertThat(order).containsExactly("first in", "first out", "second in");

            // Transactions.of joins the caller's transaction: a rollback takes the enqueued event with it
            Transactions plain = Transactions.of(transactions);
            long before = relay(event -> { }).backlog().pending();
            assertThatThrownBy(() -> plain.inTransaction(() -> {
                outbox.enqueue(request("rolled-back"));
                throw new IllegalStateException("the change failed");
            })).hasMessageContaining("the change failed");
            assertThat(relay(event -> { }).backlog().pending()).isEqualTo(before);
        } finally {
            second.destroy();
        }
    }
}
