package com.aquastream.backup.wal;

import com.aquastream.backup.testsupport.ArchitectureRules;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class WalArchiverArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.aquastream.backup.wal");

    @Test
    void domain_should_not_depend_on_spring_kafka_or_s3() {
        ArchitectureRules.domainShouldNotDependOnFrameworks("com.aquastream.backup.wal.archiving",
                "com.aquastream.backup.wal.archiving.jdbc", "com.aquastream.backup.wal.basebackup").check(CLASSES);
    }

    @Test
    void feature_core_should_not_depend_on_adapters() {
        ArchitectureRules.featureCoreShouldNotDependOnAdapters("com.aquastream.backup.wal.archiving",
                "..wal.archiving.jdbc..", "..wal.archiving.boot..", "..wal.config..").check(CLASSES);
        ArchitectureRules.featureCoreShouldNotDependOnAdapters("com.aquastream.backup.wal.basebackup",
                "..wal.archiving.jdbc..", "..wal.archiving.boot..", "..wal.config..").check(CLASSES);
    }

    @Test
    void kafka_clients_come_from_the_platform() {
        ArchitectureRules.servicesShouldNotBuildTheirOwnKafkaClients().check(CLASSES);
    }

    @Test
    void outbox_and_timer_come_from_the_platform() {
        ArchitectureRules.servicesShouldNotBuildTheirOwnOutboxOrTimer().check(CLASSES);
    }
}
