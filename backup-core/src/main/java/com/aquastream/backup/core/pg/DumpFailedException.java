package com.aquastream.backup.core.pg;

import java.io.IOException;
import java.util.Objects;

/**
 * Thrown by a {@link DumpProcess#stdout()} stream instead of a clean EOF when the dump did not succeed, so whoever
 * streams the dump into an object store fails before the object is published (DESIGN.md invariant 2).
 */
public class DumpFailedException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient DumpResult.Failed failure;

    public DumpFailedException(DumpResult.Failed failure) {
        super(Objects.requireNonNull(failure, "failure").reason());
        this.failure = failure;
    }

    /** The failed result: exit code and reason. */
    public DumpResult.Failed failure() {
        return failure;
    }
}
