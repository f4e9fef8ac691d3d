package com.aquastream.backup.catalog.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class ApiTokenInterceptorTest {

    @Test
    void refusesEveryWriteWhenNoTokenIsConfigured() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();

        boolean allowed = new ApiTokenInterceptor("").preHandle(aWrite("Bearer anything"), response, null);

        assertThat(allowed).isFalse();
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getContentAsString()).contains("CATALOG_API_TOKEN");
    }

    @Test
    void refusesAWriteWithoutTheRightBearerToken() throws Exception {
        ApiTokenInterceptor interceptor = new ApiTokenInterceptor("s3cret");
        MockHttpServletResponse missing = new MockHttpServletResponse();
        MockHttpServletResponse wrong = new MockHttpServletResponse();

        interceptor.preHandle(aWrite(null), missing, null);
        interceptor.preHandle(aWrite("Bearer s3cre"), wrong, null);

        assertThat(missing.getStatus()).isEqualTo(401);
        assertThat(wrong.getStatus()).isEqualTo(401);
        assertThat(wrong.getHeader("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void letsAWriteWithTheRightTokenAndEveryReadThrough() throws Exception {
        ApiTokenInterceptor interceptor = new ApiTokenInterceptor("s3cret");

        boolean write = interceptor.preHandle(aWrite("Bearer s3cret"), new MockHttpServletResponse(), null);
        boolean read = new ApiTokenInterceptor(null).preHandle(new MockHttpServletRequest("GET", "/api/status"),
                new MockHttpServletResponse(), null);

        assertThat(write).isTrue();
        assertThat(read).isTrue();
    }

    private static MockHttpServletRequest aWrite(String authorization) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/backups");
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        return request;
    }
}
