package com.aquastream.backup.testsupport;

/** Reads a test setting from a system property first, then the environment, so either can point tests elsewhere. */
final class Settings {

    private Settings() {
    }

    static String get(String name, String defaultValue) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    static String get(String name) {
        return get(name, null);
    }
}
