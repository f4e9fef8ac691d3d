package com.aquastream.backup.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;

/** ArchUnit rule helpers, named as sentences, shared by every service's architecture test. */
public final class ArchitectureRules {

    private static final String[] FRAMEWORKS = {
        "org.springframework..", "org.apache.kafka..", "jakarta.persistence..", "io.minio.."
    };

    private ArchitectureRules() {
    }

    /** Classes in packages matching corePackages (e.g. "..worker.backup") must not depend on org.springframework.., org.apache.kafka.., jakarta.persistence.., io.minio.. */
    public static ArchRule domainShouldNotDependOnFrameworks(String... corePackages) {
        if (corePackages.length == 0) {
            throw new IllegalArgumentException("name at least one core package");
        }
        return noClasses()
                .that().resideInAnyPackage(corePackages)
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
                .should().dependOnClassesThat().resideInAnyPackage(adapterPackages)
                .as("feature core should not depend on adapters")
                .because("ports are owned by the core and implemented by adapters");
    }
}
