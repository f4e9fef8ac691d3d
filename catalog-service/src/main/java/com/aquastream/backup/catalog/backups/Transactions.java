package com.aquastream.backup.catalog.backups;

import java.util.function.Supplier;

/** Runs work in one database transaction (joining the caller's, if one is open); an exception rolls it back. */
@FunctionalInterface
public interface Transactions {

    <T> T inTransaction(Supplier<T> work);
}
