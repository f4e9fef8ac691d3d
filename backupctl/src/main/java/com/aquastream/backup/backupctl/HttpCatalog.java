package com.aquastream.backup.backupctl;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** The catalog over HTTP, with the API token as {@code Authorization: Bearer} when there is one. */
final class HttpCatalog implements Catalog {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final String baseUrl;
    private final Optional<String> token;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    HttpCatalog(String baseUrl, Optional<String> token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    @Override
    public String get(String path) {
        HttpResponse<String> response = send(path, request(path).GET());
        int status = response.statusCode();
        if (status == 401) {
            throw new BackupctlException(Exit.ERROR, "the catalog refused the API token (401): set "
                    + "CATALOG_API_TOKEN or .run/catalog-api-token");
        }
        if (status / 100 != 2) {
            throw new BackupctlException(Exit.ERROR, "the catalog answered " + status + " to GET " + path + ": "
                    + reason(response.body()));
        }
        return response.body();
    }

    @Override
    public String post(String path, String json) {
        HttpResponse<String> response = send(path, request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
        if (response.statusCode() / 100 != 2) {
            throw new BackupctlException(Exit.UNAVAILABLE, "the catalog refused POST " + path + " (HTTP "
                    + response.statusCode() + "): " + reason(response.body()));
        }
        return response.body();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(baseUrl + path));
        } catch (IllegalArgumentException e) {
            throw BackupctlException.usage("CATALOG_URL is not a URL: " + baseUrl);
        }
        request.timeout(TIMEOUT).header("Accept", "application/json");
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return request;
    }

    private HttpResponse<String> send(String path, HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new BackupctlException(Exit.UNAVAILABLE, "the catalog at " + baseUrl + " cannot be reached ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + "); set CATALOG_URL", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupctlException(Exit.ERROR, "interrupted", e);
        }
    }

    /** The problem document's {@code detail} (ApiErrors), else the body on one line, shortened. */
    static String reason(String body) {
        try {
            JsonNode detail = Json.read(body).path("detail");
            if (detail.isString()) {
                return detail.asString();
            }
        } catch (JacksonException | IllegalArgumentException notJson) {
            // the body as it is, below
        }
        String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }
}
