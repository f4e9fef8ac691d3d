package com.aquastream.backup.backupctl;

/** The catalog-service's HTTP API (catalog-service/SERVICE.md, "endpoints"), as far as the CLI reads it. */
interface Catalog {

    /** The body of {@code GET path} (e.g. {@code /api/status}): a JSON document. */
    String get(String path);
}
