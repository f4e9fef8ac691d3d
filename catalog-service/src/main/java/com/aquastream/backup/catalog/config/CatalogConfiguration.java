package com.aquastream.backup.catalog.config;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * The cross-feature part of the catalog's wiring: its {@code catalog.*} properties, which several features read. Each
 * feature wires its own use cases and adapters in its package ({@code BackupsConfiguration},
 * {@code ScheduleConfiguration}, {@code RetentionConfiguration}, {@code RestoresConfiguration}; STYLE rule 10), and
 * {@link KafkaConfiguration} the one job consumer of both the backups' and the restores' results.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CatalogProperties.class)
class CatalogConfiguration {
}
