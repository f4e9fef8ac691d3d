package com.aquastream.backup.offsite.reconcile.http;

import com.aquastream.backup.offsite.reconcile.CatalogBackups;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link CatalogBackups} over the catalog-service's read API, {@code GET /api/backups}, with the catalog's API token
 * (reads need it unless the catalog runs with {@code catalog.api.protect-reads=false}). Reads only the fields it needs,
 * so the API may grow.
 */
public final class HttpCatalogBackups implements CatalogBackups {

    /** The API's largest page; a full page means there may be more. */
    static final int LIMIT = 1000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI baseUrl;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * @param baseUrl e.g. {@code http://127.0.0.1:8083}
     * @param token   the catalog's API token ({@code CATALOG_API_TOKEN}); blank sends none
     */
    public HttpCatalogBackups(URI baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token == null || token.isBlank() ? null : token.trim();
    }

    @Override
    public Listing list(String database) throws IOException {
        String query = "?limit=" + LIMIT + (database == null ? ""
                : "&database=" + URLEncoder.encode(database, StandardCharsets.UTF_8));
        URI uri = baseUrl.resolve("/api/backups" + query);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json").GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the catalog", e);
        } catch (IOException e) {
            throw new IOException("the catalog at " + uri + " cannot be read (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
        if (response.statusCode() == 401 || response.statusCode() == 503) {
            throw new IOException("the catalog at " + uri + " answered HTTP " + response.statusCode() + ": "
                    + (token == null ? "no API token given, set CATALOG_API_TOKEN"
                            : "is CATALOG_API_TOKEN its token?"));
        }
        if (response.statusCode() != 200) {
            throw new IOException("the catalog at " + uri + " answered HTTP " + response.statusCode());
        }
        try {
            List<Backup> backups = new ArrayList<>();
            for (JsonNode b : JSON.readTree(response.body())) {
                List<StoredKey> objects = new ArrayList<>();
                for (JsonNode o : b.path("objects")) {
                    objects.add(new StoredKey(text(o, "key"), text(o, "tier"), text(o, "status")));
                }
                String id = text(b, "backupId");
                backups.add(new Backup(id == null ? null : UUID.fromString(id), text(b, "database"),
                        text(b, "schema"), text(b, "status"), text(b, "sha256"), objects));
            }
            return new Listing(backups, backups.size() >= LIMIT);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new IOException("the catalog at " + uri + " answered something that is not a list of backups", e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
