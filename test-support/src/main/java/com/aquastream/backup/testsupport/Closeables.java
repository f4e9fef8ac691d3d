package com.aquastream.backup.testsupport;

/** Test teardown. */
public final class Closeables {

    private Closeables() {
    }

    /** Closes each non-null resource in order; one that fails to close does not keep the others open. */
    public static void closeAll(AutoCloseable... resources) {
        for (AutoCloseable each : resources) {
            try {
                if (each != null) {
                    each.close();
                }
            } catch (Exception e) {
                // keep closing the others
            }
        }
    }
}
