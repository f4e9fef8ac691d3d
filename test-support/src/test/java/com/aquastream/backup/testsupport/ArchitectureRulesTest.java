package com.aquastream.backup.testsupport;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

class ArchitectureRulesTest {

    private static final JavaClasses SAMPLES =
            new ClassFileImporter().importPackages("com.aquastream.backup.testsupport.archsample");

    @Test
    void acceptsCoreCodeThatUsesOnlyTheJdk() {
        var rule = ArchitectureRules.domainShouldNotDependOnFrameworks("..archsample.clean..");

        assertThatCode(() -> rule.check(SAMPLES)).doesNotThrowAnyException();
    }

    @Test
    void letsAFeaturesOwnConfigurationWireItsAdapters() {
        var rule = ArchitectureRules.domainShouldNotDependOnFrameworks("..archsample.wired..");

        assertThatCode(() -> rule.check(new ClassFileImporter()
                .importPackages("com.aquastream.backup.testsupport.archsample.wired"))).doesNotThrowAnyException();
    }

    @Test
    void rejectsCoreCodeThatDependsOnKafka() {
        var rule = ArchitectureRules.domainShouldNotDependOnFrameworks("..archsample.dirty..");

        assertThatThrownBy(() -> rule.check(SAMPLES))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("domain should not depend on frameworks")
                .hasMessageContaining("org.apache.kafka.clients.producer.Producer");
    }

    @Test
    void rejectsAServiceThatBuildsItsOwnKafkaClient() {
        var rule = ArchitectureRules.servicesShouldNotBuildTheirOwnKafkaClients();

        assertThatThrownBy(() -> rule.check(new ClassFileImporter()
                .importPackages("com.aquastream.backup.testsupport.archsample.ownclient")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("services should not build their own Kafka clients")
                .hasMessageContaining("OwnProducer");
        assertThatCode(() -> rule.check(new ClassFileImporter()
                .importPackages("com.aquastream.backup.testsupport.archsample.clean")))
                .doesNotThrowAnyException();
    }

    @Test
    void rejectsAServiceWithItsOwnOutboxOrTimer() {
        var rule = ArchitectureRules.servicesShouldNotBuildTheirOwnOutboxOrTimer();

        assertThatThrownBy(() -> rule.check(new ClassFileImporter()
                .importPackages("com.aquastream.backup.testsupport.archsample.owntimer")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("services should not build their own outbox or timer")
                .hasMessageContaining("OwnOutboxRelay")
                .hasMessageContaining("ScheduledExecutorService");
        assertThatCode(() -> rule.check(new ClassFileImporter()
                .importPackages("com.aquastream.backup.testsupport.archsample.clean")))
                .doesNotThrowAnyException();
    }
}
