package com.aquastream.backup.alerting.alert;

import static com.aquastream.backup.alerting.alert.AlertingFixtures.aFailedBackupOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aquastream.backup.alerting.AlertingInstance;
import com.aquastream.backup.core.platform.Transactions;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The service's unit of work is the platform's {@link Transactions} port serialized by the alerting lock: a decision,
 * the alert events it stores in the platform's outbox and its notifications commit or roll back together, while
 * holding the advisory lock that makes decisions one at a time across instances.
 */
class AlertingTransactionsIT {

    private TestDatabase database;
    private AlertingInstance service;

    @BeforeEach
    void setUp() {
        database = TestDatabases.create();
        service = AlertingInstance.start(
                AlertingInstance.defaults(database, "alerting-service-transactions-" + database.name()),
                Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        service.close();
        database.close();
    }

    @Test
    void decidesAndStoresTheAlertEventInOneTransactionHoldingTheAlertingLock() {
        Transactions transactions = service.bean(Transactions.class);
        Alerting alerting = service.bean(Alerting.class);
        JdbcClient jdbc = service.jdbc();
        String db = AlertingInstance.aDatabaseName();

        assertThatThrownBy(() -> transactions.inTransaction(() -> {
            alerting.handle(aFailedBackupOf(db, "user", UUID.randomUUID(), Instant.now()));

            assertThat(holdsTheAlertingLock(jdbc)).isTrue();
            assertThat(count(jdbc, "select count(*) from alert where database = ?", db)).isEqualTo(1);
            assertThat(count(jdbc, "select count(*) from outbox where message_key = ?", db + ".user")).isEqualTo(1);
            throw new IllegalStateException("roll back");
        })).hasMessage("roll back");

        assertThat(count(jdbc, "select count(*) from alert where database = ?", db)).isZero();
        assertThat(count(jdbc, "select count(*) from outbox where message_key = ?", db + ".user")).isZero();
    }

    private static boolean holdsTheAlertingLock(JdbcClient jdbc) {
        return jdbc.sql("select count(*) from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()"
                        + " and granted and ((classid::bigint << 32) | objid::bigint) = ?")
                .param(AlertingConfiguration.LOCK_KEY).query(Long.class).single() == 1;
    }

    private static long count(JdbcClient jdbc, String sql, String param) {
        return jdbc.sql(sql).param(param).query(Long.class).single();
    }
}
