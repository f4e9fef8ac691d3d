package com.aquastream.backup.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/** ArchUnit rule helpers, named as sentences, shared by every service's architecture test. */
public final class ArchitectureRules {

    private static final String[] FRAMEWORKS = {
        "org.springframework..", "org.apache.kafka..", "jakarta.persistence..", "io.minio.."
    };

    /**
     * A feature's wiring: a {@code @Configuration} class in the feature's own package, so the feature's classes can
     * stay package-private. It is Spring and knows the adapters; the rules below are about everything else.
     */
    private static final String CONFIGURATION = "org.springframework.context.annotation.Configuration";

    private ArchitectureRules() {
    }

    /**
     * Classes in packages matching corePackages (e.g. "..worker.backup") must not depend on org.springframework..,
     * org.apache.kafka.., jakarta.persistence.., io.minio.., except the feature's {@code @Configuration} (its wiring).
     */
    public static ArchRule domainShouldNotDependOnFrameworks(String... corePackages) {
        if (corePackages.length == 0) {
            throw new IllegalArgumentException("name at least one core package");
        }
        return noClasses()
                .that().resideInAnyPackage(corePackages)
                .and().areNotAnnotatedWith(CONFIGURATION)
                .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
                .as("domain should not depend on frameworks")
                .because("use cases and domain types stay plain Java; adapters and configuration own the frameworks");
    }

    /**
     * The feature's core package (use case, domain types, ports) must not reach into its adapter sub-packages: the
     * adapters depend on the core, never the other way round.
     */
    public static ArchRule featureCoreShouldNotDependOnAdapters(String corePackage, String... adapterPackages) {
        return noClasses()
                .that().resideInAPackage(corePackage)
                .and().areNotAnnotatedWith(CONFIGURATION)
                .should().dependOnClassesThat().resideInAnyPackage(adapterPackages)
                .as("feature core should not depend on adapters")
                .because("ports are owned by the core and implemented by adapters");
    }

    /** Kafka clients only the platform (backup-core's {@code platform} package) builds. */
    private static final Set<String> PLATFORM_CLIENTS = Set.of(
            "org.apache.kafka.clients.consumer.KafkaConsumer",
            "org.apache.kafka.clients.producer.KafkaProducer",
            "org.springframework.kafka.core.KafkaTemplate",
            "org.springframework.kafka.core.DefaultKafkaProducerFactory",
            "org.springframework.kafka.core.DefaultKafkaConsumerFactory");

    /** The platform's building blocks a service must not assemble itself. */
    private static final Set<String> PLATFORM_INTERNALS = Set.of(
            "com.aquastream.backup.core.consumer.PartitionedJobConsumer",
            "com.aquastream.backup.core.consumer.DeadLetterPublisher",
            "com.aquastream.backup.core.kafka.KafkaClients",
            "com.aquastream.backup.core.kafka.KafkaEventPublisher");

    /**
     * A service gets its Kafka consumers, producers and event publisher from the platform (backup-core
     * {@code PlatformAutoConfiguration}: {@code JobConsumers}, {@code EventPublisher}); it never builds a Kafka client,
     * a job consumer or a publisher of its own, so one retry, dead-letter, metrics and health policy applies to all.
     */
    public static ArchRule servicesShouldNotBuildTheirOwnKafkaClients() {
        DescribedPredicate<JavaConstructorCall> buildsAClient = new DescribedPredicate<>(
                "builds a Kafka client " + PLATFORM_CLIENTS) {
            @Override
            public boolean test(JavaConstructorCall call) {
                return PLATFORM_CLIENTS.contains(call.getTargetOwner().getName());
            }
        };
        DescribedPredicate<JavaClass> platformInternal = new DescribedPredicate<>(
                "the platform's internals " + PLATFORM_INTERNALS) {
            @Override
            public boolean test(JavaClass type) {
                return PLATFORM_INTERNALS.contains(type.getName());
            }
        };
        return noClasses().should().callConstructorWhere(buildsAClient)
                .orShould().dependOnClassesThat(platformInternal)
                .as("services should not build their own Kafka clients")
                .because("the platform (backup-core PlatformAutoConfiguration) owns the consumers, producers and"
                        + " publisher, with one retry, dead-letter, metrics and health policy");
    }

    /** What only the platform's timer uses. */
    private static final Set<String> OWN_TIMERS = Set.of(
            "java.util.Timer",
            "java.util.concurrent.ScheduledExecutorService",
            "org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler",
            "org.springframework.scheduling.TaskScheduler",
            "org.springframework.scheduling.annotation.Scheduled",
            "org.springframework.scheduling.annotation.EnableScheduling");

    /**
     * A service stores the events it will publish in the platform's outbox ({@code Outbox}, {@code JdbcOutbox}) and
     * runs periodic work as {@code ScheduledTask}s of the platform's one timer: no outbox, relay or scheduler of its
     * own.
     */
    public static ArchRule servicesShouldNotBuildTheirOwnOutboxOrTimer() {
        DescribedPredicate<JavaClass> ownTimer = new DescribedPredicate<>("a scheduler " + OWN_TIMERS) {
            @Override
            public boolean test(JavaClass type) {
                return OWN_TIMERS.contains(type.getName());
            }
        };
        return noClasses().should().haveSimpleNameContaining("Outbox")
                .orShould().dependOnClassesThat(ownTimer)
                .as("services should not build their own outbox or timer")
                .because("the platform (backup-core PlatformAutoConfiguration) has one outbox, relay and timer, with"
                        + " their health");
    }
}
