package com.aquastream.backup.e2e;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Command-line arguments for a service started inside the test JVM. Two services share this JVM's classpath, and each
 * brings its own {@code application.yml} at the classpath root: {@code classpath:application.yml} would give both
 * the first one found. So every service is pointed at the file inside its own jar (or classes directory) explicitly,
 * which is the configuration it ships with, unchanged.
 */
final class ServiceArguments {

    /**
     * For {@code spring.autoconfigure.exclude} of a service without a database (the workers): the catalog's JPA,
     * Flyway and JDBC starters share the classpath here, and the service would otherwise try to configure one.
     */
    static final String NO_DATABASE_OF_ITS_OWN = String.join(",",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
            "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
            "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration");

    private ServiceArguments() {
    }

    static String[] of(Class<?> application, Map<String, Object> properties) {
        String[] args = new String[properties.size() + 1];
        args[0] = "--spring.config.location=" + ownApplicationYml(application);
        int i = 1;
        for (var e : properties.entrySet()) {
            args[i++] = "--" + e.getKey() + "=" + e.getValue();
        }
        return args;
    }

    private static String ownApplicationYml(Class<?> application) {
        try {
            Path location = Path.of(application.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(location)) {
                return location.resolve("application.yml").toUri().toString();
            }
            return "jar:" + location.toUri() + "!/application.yml";
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the jar of " + application, e);
        }
    }
}
