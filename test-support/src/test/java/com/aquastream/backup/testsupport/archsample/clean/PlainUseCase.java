package com.aquastream.backup.testsupport.archsample.clean;

/** Core code that needs nothing but the JDK. */
public class PlainUseCase {

    public String describe(java.time.Instant at) {
        return "ran at " + at;
    }
}
