package com.aquastream.backup.core.checksum;

import java.io.IOException;

/** Bytes read did not have the SHA-256 they were expected to have: the copy must not be published. */
public class ChecksumMismatchException extends IOException {

    private final String expected;
    private final String actual;

    public ChecksumMismatchException(String what, String expected, String actual) {
        super(what + ": sha256 " + actual + " does not match the expected " + expected);
        this.expected = expected;
        this.actual = actual;
    }

    public String expected() {
        return expected;
    }

    public String actual() {
        return actual;
    }
}
