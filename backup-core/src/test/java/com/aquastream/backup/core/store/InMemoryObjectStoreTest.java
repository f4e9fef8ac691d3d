package com.aquastream.backup.core.store;

/** Checks that the fake honours the real stores' contract, so unit tests using it tell the truth. */
class InMemoryObjectStoreTest extends ObjectStoreContract {

    @Override
    protected ObjectStore store() {
        return new InMemoryObjectStore();
    }
}
