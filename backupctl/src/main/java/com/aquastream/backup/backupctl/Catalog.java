package com.aquastream.backup.backupctl;

/**
 * The catalog-service's HTTP API (catalog-service/SERVICE.md, "endpoints"), as far as the CLI uses it. An unreachable
 * catalog is a {@link BackupctlException} with {@link Exit#UNAVAILABLE}.
 */
interface Catalog {

    /** The body of {@code GET path} (e.g. {@code /api/status}): a JSON document; a non-2xx answer is an error. */
    String get(String path);

    /**
     * The body of {@code POST path} with the JSON document {@code json}, sent with the API token; any answer but 2xx
     * is a refusal, {@link Exit#UNAVAILABLE} with the catalog's reason.
     */
    String post(String path, String json);
}
