package com.aquastream.backup.alerting.config;

import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import com.aquastream.backup.core.naming.Identifiers;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The service's own database ({@code spring.datasource.url}, default {@code backup_alerting} on the local server).
 * With {@code alerting.create-database} (default true) it is created when missing, so a fresh machine needs no
 * manual {@code createdb}; Flyway then creates the tables. Not a feature's: every feature's tables live there.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AlertingProperties.class)
class DatabaseConfiguration {

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(DataSourceProperties properties, AlertingProperties alerting) throws SQLException {
        if (alerting.createDatabase()) {
            createIfMissing(properties.determineUrl(), properties.determineUsername(), properties.determinePassword());
        }
        return properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
    }

    private static void createIfMissing(String url, String user, String password) throws SQLException {
        // jdbc:postgresql://host:port/name?params → the maintenance database "postgres" on the same server.
        URI uri = URI.create(url.substring("jdbc:".length()));
        String database = Identifiers.requireIdentifier("database", uri.getPath().substring(1));
        String maintenance = "jdbc:postgresql://" + uri.getAuthority() + "/postgres";
        Properties credentials = new Properties();
        if (user != null) {
            credentials.setProperty("user", user);
        }
        if (password != null) {
            credentials.setProperty("password", password);
        }
        try (Connection connection = DriverManager.getConnection(maintenance, credentials);
             PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("create database " + Identifiers.quote(database));
            } catch (SQLException e) {
                // Another instance created it meanwhile: 42P04 duplicate_database.
                if (!"42P04".equals(e.getSQLState())) {
                    throw e;
                }
            }
        }
    }
}
