package com.aquastream.backup.alerting.alert.jdbc;

import com.aquastream.backup.alerting.alert.Transactions;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Database transactions that also hold one transaction-scoped advisory lock, so decisions about alerts are made one at
 * a time: by the consumer threads and the evaluation timer of this instance, and by any other instance. The volume is
 * a few events per schema and day, so serializing costs nothing and rules out two open alerts for one (rule, target)
 * decided concurrently.
 */
public final class JdbcTransactions implements Transactions {

    /** An arbitrary constant naming the alerting state's lock ("alerts" in ASCII). */
    private static final long LOCK_KEY = 0x616c65727473L;

    private final TransactionTemplate template;
    private final JdbcClient jdbc;

    public JdbcTransactions(TransactionTemplate template, JdbcClient jdbc) {
        this.template = template;
        this.jdbc = jdbc;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return template.execute(status -> {
            jdbc.sql("select pg_advisory_xact_lock(?)").param(LOCK_KEY).query((rs, n) -> 1).single();
            return work.get();
        });
    }
}
