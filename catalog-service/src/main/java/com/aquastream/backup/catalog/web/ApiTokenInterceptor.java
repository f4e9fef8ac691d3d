package com.aquastream.backup.catalog.web;

import static java.nio.charset.StandardCharsets.UTF_8;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Every write to the API needs {@code Authorization: Bearer <catalog.api.token>}, and so does every read while
 * {@code catalog.api.protect-reads} is on (the default outside the {@code development} profile): what is backed up,
 * where it lies and its checksums are nobody else's business. Without a configured token every request that needs one
 * is refused (503): the API is never open by default.
 */
class ApiTokenInterceptor implements HandlerInterceptor {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final String BEARER = "Bearer ";

    private final byte[] token;
    private final boolean protectReads;

    /**
     * @param token        the Bearer token; blank refuses every request that needs it
     * @param protectReads whether reads ({@code GET}, {@code HEAD}, {@code OPTIONS}) need the token too
     */
    ApiTokenInterceptor(String token, boolean protectReads) {
        this.token = token == null || token.isBlank() ? null : token.trim().getBytes(UTF_8);
        this.protectReads = protectReads;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        boolean read = READS.contains(request.getMethod());
        if (read && !protectReads) {
            return true;
        }
        if (token == null) {
            refuse(response, 503, "Service Unavailable", read
                    ? "reads are disabled: no API token is configured (set CATALOG_API_TOKEN, or"
                            + " catalog.api.protect-reads=false to open reads)"
                    : "writes are disabled: no API token is configured (set CATALOG_API_TOKEN)", request);
            return false;
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        byte[] presented = header != null && header.startsWith(BEARER)
                ? header.substring(BEARER.length()).trim().getBytes(UTF_8) : null;
        // Constant-time comparison: the time taken must not tell how much of a guess was right.
        if (presented == null || !MessageDigest.isEqual(presented, token)) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"catalog\"");
            refuse(response, 401, "Unauthorized", (read ? "this request reads the catalog"
                    : "this request changes the catalog") + ": send Authorization: Bearer <token>", request);
            return false;
        }
        return true;
    }

    private static void refuse(HttpServletResponse response, int status, String title, String detail,
                               HttpServletRequest request) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\",\"instance\":\"" + jsonSafe(request.getRequestURI()) + "\"}");
    }

    private static String jsonSafe(String value) {
        return value == null ? "" : value.replaceAll("[^A-Za-z0-9/._-]", "?");
    }
}
