package com.aquastream.backup.catalog.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Who may read and change the catalog through its API. */
class ApiTokenInterceptorTest {

    @Test
    void refusesEveryWriteWhenNoTokenIsConfigured() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();

        boolean allowed = new ApiTokenInterceptor("", true).preHandle(aWrite("Bearer anything"), response, null);

        assertThat(allowed).isFalse();
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getContentAsString()).contains("CATALOG_API_TOKEN");
    }

    @Test
    void refusesAWriteWithoutTheRightBearerToken() throws Exception {
        ApiTokenInterceptor interceptor = new ApiTokenInterceptor("s3cret", true);
        MockHttpServletResponse missing = new MockHttpServletResponse();
        MockHttpServletResponse wrong = new MockHttpServletResponse();

        interceptor.preHandle(aWrite(null), missing, null);
        interceptor.preHandle(aWrite("Bearer s3cre"), wrong, null);

        assertThat(missing.getStatus()).isEqualTo(401);
        assertThat(wrong.getStatus()).isEqualTo(401);
        assertThat(wrong.getHeader("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void letsAWriteAndAReadWithTheRightTokenThrough() throws Exception {
        ApiTokenInterceptor interceptor = new ApiTokenInterceptor("s3cret", true);
        MockHttpServletResponse writeResponse = new MockHttpServletResponse();
        MockHttpServletResponse readResponse = new MockHttpServletResponse();

        boolean write = interceptor.preHandle(aWrite("Bearer s3cret"), writeResponse, null);
        boolean read = interceptor.preHandle(aRead("Bearer s3cret"), readResponse, null);

        assertThat(write).isTrue();
        assertThat(read).isTrue();
        assertThat(readResponse.getStatus()).isEqualTo(200);
    }

    @Test
    void refusesAReadWithoutTheRightBearerTokenWhileReadsAreProtected() throws Exception {
        ApiTokenInterceptor interceptor = new ApiTokenInterceptor("s3cret", true);
        MockHttpServletResponse missing = new MockHttpServletResponse();
        MockHttpServletResponse wrong = new MockHttpServletResponse();

        boolean allowed = interceptor.preHandle(aRead(null), missing, null);
        interceptor.preHandle(aRead("Bearer guess"), wrong, null);

        assertThat(allowed).isFalse();
        assertThat(missing.getStatus()).isEqualTo(401);
        assertThat(missing.getHeader("WWW-Authenticate")).startsWith("Bearer");
        assertThat(missing.getContentAsString()).contains("reads the catalog");
        assertThat(wrong.getStatus()).isEqualTo(401);
    }

    @Test
    void refusesEveryReadWhenReadsAreProtectedAndNoTokenIsConfigured() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();

        boolean allowed = new ApiTokenInterceptor(" ", true).preHandle(aRead("Bearer anything"), response, null);

        assertThat(allowed).isFalse();
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).contains("reads are disabled").contains("CATALOG_API_TOKEN")
                .contains("catalog.api.protect-reads");
    }

    @Test
    void letsEveryReadThroughButNoWriteWhenReadsAreNotProtected() throws Exception {
        ApiTokenInterceptor withToken = new ApiTokenInterceptor("s3cret", false);
        ApiTokenInterceptor withoutToken = new ApiTokenInterceptor(null, false);
        MockHttpServletResponse anonymousWrite = new MockHttpServletResponse();

        boolean read = withToken.preHandle(aRead(null), new MockHttpServletResponse(), null);
        boolean readWithoutAnyToken = withoutToken.preHandle(aRead(null), new MockHttpServletResponse(), null);
        boolean write = withToken.preHandle(aWrite(null), anonymousWrite, null);

        assertThat(read).isTrue();
        assertThat(readWithoutAnyToken).isTrue();
        assertThat(write).isFalse();
        assertThat(anonymousWrite.getStatus()).isEqualTo(401);
    }

    private static MockHttpServletRequest aWrite(String authorization) {
        return aRequest("POST", "/api/backups", authorization);
    }

    private static MockHttpServletRequest aRead(String authorization) {
        return aRequest("GET", "/api/status", authorization);
    }

    private static MockHttpServletRequest aRequest(String method, String path, String authorization) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        return request;
    }
}
