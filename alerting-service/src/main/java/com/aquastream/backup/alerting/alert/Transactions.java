package com.aquastream.backup.alerting.alert;

import java.util.function.Supplier;

/** Runs work atomically against the alerting state, one unit of work at a time across all instances. */
public interface Transactions {

    <T> T inTransaction(Supplier<T> work);
}
