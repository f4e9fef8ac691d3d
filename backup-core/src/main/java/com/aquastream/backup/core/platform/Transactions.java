package com.aquastream.backup.core.platform;

import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The platform's unit-of-work port for services with a database: runs work in one database transaction, joining the
 * caller's if one is open; an exception rolls it back. The outbox ({@link Outbox#enqueue}) writes in it, so a change
 * and the events announcing it commit together. The bean is {@link #of} the service's transaction manager; a service
 * that decides one thing at a time across instances wraps it with {@link #serializedBy}.
 */
@FunctionalInterface
public interface Transactions {

    <T> T inTransaction(Supplier<T> work);

    /** Transactions of Spring's transaction manager (propagation REQUIRED). */
    static Transactions of(TransactionOperations operations) {
        return new Transactions() {
            @Override
            public <T> T inTransaction(Supplier<T> work) {
                return operations.execute(status -> work.get());
            }
        };
    }

    /**
     * Transactions that first take the transaction-scoped PostgreSQL advisory lock {@code lockKey}: units of work
     * holding the same key run one at a time, in this instance and in every other one.
     */
    static Transactions serializedBy(TransactionOperations operations, JdbcClient jdbc, long lockKey) {
        return new Transactions() {
            @Override
            public <T> T inTransaction(Supplier<T> work) {
                return operations.execute(status -> {
                    jdbc.sql("select pg_advisory_xact_lock(?)").param(lockKey).query((rs, n) -> 1).single();
                    return work.get();
                });
            }
        };
    }
}
