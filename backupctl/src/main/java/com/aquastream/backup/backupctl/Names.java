package com.aquastream.backup.backupctl;

import java.util.regex.Pattern;

/** The names the CLI accepts, as strictly as the services do (the same patterns as bin/request-restore). */
final class Names {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._/-]+");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern REQUESTER = Pattern.compile("[A-Za-z0-9._@-]+");

    private Names() {
    }

    /** {@code name}, a plain PostgreSQL identifier; else a usage error naming {@code what}. */
    static String identifier(String what, String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw BackupctlException.usage(what + " is not a plain identifier: " + name);
        }
        return name;
    }

    static String key(String key) {
        if (!KEY.matcher(key).matches()) {
            throw BackupctlException.usage("unsafe key: " + key);
        }
        return key;
    }

    /** Lower case, as the store records it and the signature covers it. */
    static String sha256(String hex) {
        if (!SHA256.matcher(hex).matches()) {
            throw BackupctlException.usage("--sha256 wants 64 hex digits: " + hex);
        }
        return hex.toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code user@host}, or {@code operator} when that has characters a signed field should not. */
    static String requester(String user, String host) {
        String requester = user + "@" + host;
        return REQUESTER.matcher(requester).matches() ? requester : Settings.PRINCIPAL;
    }
}
