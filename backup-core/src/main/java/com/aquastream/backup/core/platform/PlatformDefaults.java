package com.aquastream.backup.core.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Puts the platform's defaults ({@code META-INF/backup-platform/defaults.yml}: Kafka login, actuator exposure,
 * structured logs, graceful shutdown, {@code backup.platform.*}) below everything else, so a service's
 * application.yml, the environment and the command line override any of them, and five services do not carry five
 * copies.
 */
public final class PlatformDefaults implements EnvironmentPostProcessor, Ordered {

    static final String RESOURCE = "META-INF/backup-platform/defaults.yml";
    static final String SOURCE_NAME = "backupPlatformDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(SOURCE_NAME)) {
            return;
        }
        try {
            List<PropertySource<?>> sources = new YamlPropertySourceLoader().load(SOURCE_NAME,
                    new ClassPathResource(RESOURCE, PlatformDefaults.class.getClassLoader()));
            sources.forEach(environment.getPropertySources()::addLast);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the platform's defaults " + RESOURCE, e);
        }
    }

    /** After application.yml is loaded, before {@code KafkaLoginCheck} reads the login. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 100;
    }
}
