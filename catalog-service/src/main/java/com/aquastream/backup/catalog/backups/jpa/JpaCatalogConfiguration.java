package com.aquastream.backup.catalog.backups.jpa;

import jakarta.persistence.EntityManager;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Wires the persistence adapter. It lives beside the package-private Spring Data repositories it hands to the
 * adapters, so nothing outside this package sees JPA.
 */
@Configuration(proxyBeanMethods = false)
class JpaCatalogConfiguration {

    @Bean
    JpaBackupCatalog backupCatalog(BackupRepository backups, BackupObjectRepository objects,
                                   BackupRequestRepository requests, EntityManager entityManager,
                                   DataSource dataSource, Clock clock) {
        return new JpaBackupCatalog(backups, objects, requests, entityManager, new JdbcTemplate(dataSource), clock);
    }
}
