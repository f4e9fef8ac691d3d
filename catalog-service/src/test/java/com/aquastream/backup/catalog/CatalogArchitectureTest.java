package com.aquastream.backup.catalog;

import com.aquastream.backup.testsupport.ArchitectureRules;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class CatalogArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.aquastream.backup.catalog");

    private static final String[] ADAPTERS = {
        "..catalog.backups.jpa..", "..catalog.backups.jdbc..", "..catalog.backups.kafka..",
        "..catalog.backups.metrics..", "..catalog.restores.jdbc..", "..catalog.restores.kafka..", "..catalog.clusters.jdbc..",
        "..catalog.clusters.kafka..", "..catalog.web..",
        "..catalog.config.."
    };

    @Test
    void domain_should_not_depend_on_spring_kafka_or_jpa() {
        ArchitectureRules.domainShouldNotDependOnFrameworks("com.aquastream.backup.catalog.backups",
                "com.aquastream.backup.catalog.schedule", "com.aquastream.backup.catalog.retention",
                "com.aquastream.backup.catalog.restores", "com.aquastream.backup.catalog.clusters").check(CLASSES);
    }

    @Test
    void backups_core_should_not_depend_on_adapters() {
        ArchitectureRules.featureCoreShouldNotDependOnAdapters("com.aquastream.backup.catalog.backups", ADAPTERS)
                .check(CLASSES);
    }

    @Test
    void schedule_should_not_depend_on_adapters() {
        ArchitectureRules.featureCoreShouldNotDependOnAdapters("com.aquastream.backup.catalog.schedule", ADAPTERS)
                .check(CLASSES);
    }

    @Test
    void restores_should_not_depend_on_adapters() {
        ArchitectureRules.featureCoreShouldNotDependOnAdapters("com.aquastream.backup.catalog.restores", ADAPTERS)
                .check(CLASSES);
    }

    @Test
    void clusters_should_not_depend_on_adapters() {
        ArchitectureRules.featureCoreShouldNotDependOnAdapters("com.aquastream.backup.catalog.clusters", ADAPTERS)
                .check(CLASSES);
    }

    @Test
    void retention_should_not_depend_on_adapters() {
        ArchitectureRules.featureCoreShouldNotDependOnAdapters("com.aquastream.backup.catalog.retention", ADAPTERS)
                .check(CLASSES);
    }

    @Test
    void catalog_should_not_build_its_own_kafka_clients() {
        ArchitectureRules.servicesShouldNotBuildTheirOwnKafkaClients().check(CLASSES);
    }

    @Test
    void catalog_should_not_build_its_own_outbox_or_timer() {
        ArchitectureRules.servicesShouldNotBuildTheirOwnOutboxOrTimer().check(CLASSES);
    }
}
