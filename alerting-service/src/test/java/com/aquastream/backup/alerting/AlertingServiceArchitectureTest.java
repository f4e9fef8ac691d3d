package com.aquastream.backup.alerting;

import com.aquastream.backup.testsupport.ArchitectureRules;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class AlertingServiceArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.aquastream.backup.alerting");

    @Test
    void domain_should_not_depend_on_spring_kafka_or_jpa() {
        ArchitectureRules.domainShouldNotDependOnFrameworks("com.aquastream.backup.alerting.alert").check(CLASSES);
    }

    @Test
    void feature_core_should_not_depend_on_adapters() {
        ArchitectureRules.featureCoreShouldNotDependOnAdapters("com.aquastream.backup.alerting.alert",
                "..alerting.alert.jdbc..", "..alerting.alert.kafka..", "..alerting.alert.notify..",
                "..alerting.alert.web..", "..alerting.alert.actuator..", "..alerting.config..").check(CLASSES);
    }

    @Test
    void services_should_not_build_their_own_kafka_clients() {
        ArchitectureRules.servicesShouldNotBuildTheirOwnKafkaClients().check(CLASSES);
    }

    @Test
    void services_should_not_build_their_own_outbox_or_timer() {
        ArchitectureRules.servicesShouldNotBuildTheirOwnOutboxOrTimer().check(CLASSES);
    }
}
