package com.aquastream.backup.backupctl;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

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
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT)
                .header("Accept", "application/json").GET();
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new BackupctlException(Exit.ERROR, "the catalog at " + baseUrl + " cannot be reached ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + "); set CATALOG_URL", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupctlException(Exit.ERROR, "interrupted", e);
        } catch (IllegalArgumentException e) {
            throw BackupctlException.usage("CATALOG_URL is not a URL: " + baseUrl);
        }
        int status = response.statusCode();
        if (status == 401) {
            throw new BackupctlException(Exit.ERROR, "the catalog refused the API token (401): set "
                    + "CATALOG_API_TOKEN or .run/catalog-api-token");
        }
        if (status / 100 != 2) {
            throw new BackupctlException(Exit.ERROR, "the catalog answered " + status + " to GET " + path + ": "
                    + abbreviate(response.body()));
        }
        return response.body();
    }

    private static String abbreviate(String body) {
        String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }
}
