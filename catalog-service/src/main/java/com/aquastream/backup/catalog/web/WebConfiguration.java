package com.aquastream.backup.catalog.web;

import com.aquastream.backup.catalog.config.CatalogProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts the token check in front of the API. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    private final CatalogProperties props;

    WebConfiguration(CatalogProperties props) {
        this.props = props;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new ApiTokenInterceptor(props.api() == null ? null : props.api().token()))
                .addPathPatterns("/api/**");
    }
}
