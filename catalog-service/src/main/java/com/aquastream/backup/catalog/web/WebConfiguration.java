package com.aquastream.backup.catalog.web;

import com.aquastream.backup.catalog.config.CatalogProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts the token check in front of the API ({@code /api/**}) only: the OpenAPI description, the Swagger UI and the
 * actuator stay outside it (the actuator serves only what {@code management.endpoints.web.exposure.include} lists).
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    private final CatalogProperties props;

    WebConfiguration(CatalogProperties props) {
        this.props = props;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        CatalogProperties.Api api = props.api();
        registry.addInterceptor(api == null ? new ApiTokenInterceptor(null, true)
                        : new ApiTokenInterceptor(api.token(), api.protectReads()))
                .addPathPatterns("/api/**");
    }
}
