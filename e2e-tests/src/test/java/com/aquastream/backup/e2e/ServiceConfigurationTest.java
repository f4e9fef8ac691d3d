package com.aquastream.backup.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceConfigurationTest {

    private static final String YAML = """
            server:
              port: ${SERVER_PORT:8081}
            backup:
              worker:
                dump-timeout: 6h
                databases:
                  aquastream: [user, event]
                store:
                  type: filesystem
                  s3:
                    endpoint: ${S3_ENDPOINT:http://127.0.0.1:9000}
                redis:
                  instances: {}
                  timeout: 60s
            """;

    private final ServiceConfiguration configuration = ServiceConfiguration.ofYaml(YAML);

    @Test
    void readsAVariableNamedByAPlaceholder() {
        assertThat(configuration.reads("S3_ENDPOINT")).isTrue();
        assertThat(configuration.reads("SERVER_PORT")).isTrue();
    }

    @Test
    void readsThePropertiesRelaxedBindingNames() {
        assertThat(configuration.reads("BACKUP_WORKER_STORE_TYPE")).isTrue();
        assertThat(configuration.reads("BACKUP_WORKER_DUMPTIMEOUT")).as("dashes dropped").isTrue();
        assertThat(configuration.reads("BACKUP_WORKER_DUMP_TIMEOUT")).as("the legacy spelling Boot still binds")
                .isTrue();
    }

    @Test
    void readsAnyEntryOfAMapOfNames() {
        assertThat(configuration.reads("BACKUP_WORKER_REDIS_INSTANCES_CACHE")).isTrue();
        assertThat(configuration.reads("BACKUP_WORKER_DATABASES_BILLING")).isTrue();
    }

    @Test
    void refusesANameNoPropertySpells() {
        assertThat(configuration.reads("BACKUP_WORKER_STORE_TYP")).isFalse();
        assertThat(configuration.reads("BACKUP_WORKER_DUMP_TIMEOUTS")).isFalse();
        assertThat(configuration.reads("BACKUP_WORKER_REDIS_TIMEOUT_EXTRA")).as("a group of properties is no map")
                .isFalse();
        assertThat(configuration.reads("S3_ENDPOINT_URL")).isFalse();
    }
}
