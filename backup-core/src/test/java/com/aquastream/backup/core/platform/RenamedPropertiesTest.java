package com.aquastream.backup.core.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class RenamedPropertiesTest {

    @Test
    void namesTheNewSpellingOfEveryRenamedProperty() {
        assertThat(RenamedProperties.replacementOf("backup.worker.store.s3.bucket"))
                .isEqualTo("backup.platform.store.s3.bucket");
        assertThat(RenamedProperties.replacementOf("restore.consumer.concurrency")).isEqualTo("restore.concurrency");
        assertThat(RenamedProperties.replacementOf("restore.consumer.group")).isEqualTo("backup.platform.consumer.group");
        assertThat(RenamedProperties.replacementOf("offsite.offsite.endpoint")).isEqualTo("offsite.destination.endpoint");
        assertThat(RenamedProperties.replacementOf("offsite.primary.filesystem-root"))
                .isEqualTo("backup.platform.store.filesystem-root");
        assertThat(RenamedProperties.replacementOf("backup.platform.store.type")).isNull();
        assertThat(RenamedProperties.replacementOf("restore.offsite.endpoint")).isNull();
        assertThat(RenamedProperties.replacementOf("backup.worker.pool")).isNull();
        assertThat(RenamedProperties.replacementOf("catalog.outbox.poll-interval"))
                .isEqualTo("backup.platform.outbox.poll-interval");
        assertThat(RenamedProperties.replacementOf("catalog.outbox.send-timeout")).isEqualTo("backup.platform.send-timeout");
        assertThat(RenamedProperties.replacementOf("alerting.consumer.group-id")).isEqualTo("backup.platform.consumer.group");
        assertThat(RenamedProperties.replacementOf("spring.kafka.consumer.group-id"))
                .isEqualTo("backup.platform.consumer.group");
    }

    @Test
    void readsEnvironmentVariablesAsSpringBindsThem() {
        assertThat(RenamedProperties.replacementOfVariable("RESTORE_STORE_S3_BUCKET"))
                .isEqualTo("BACKUP_PLATFORM_STORE_S3_BUCKET");
        assertThat(RenamedProperties.replacementOfVariable("RESTORE_CONSUMER_CONCURRENCY"))
                .isEqualTo("RESTORE_CONCURRENCY");
        assertThat(RenamedProperties.replacementOfVariable("BACKUP_WORKER_TOPICPARTITIONS"))
                .isEqualTo("BACKUP_PLATFORM_TOPICPARTITIONS");
        assertThat(RenamedProperties.replacementOfVariable("SPRING_KAFKA_CONSUMER_GROUP_ID"))
                .isEqualTo("BACKUP_PLATFORM_CONSUMER_GROUP");
        assertThat(RenamedProperties.replacementOfVariable("CATALOG_OUTBOX_SENDTIMEOUT"))
                .isEqualTo("BACKUP_PLATFORM_SENDTIMEOUT");
        assertThat(RenamedProperties.replacementOfVariable("SPRING_KAFKA_BOOTSTRAP_SERVERS")).isNull();
        // still the services' placeholder for the store's type
        assertThat(RenamedProperties.replacementOfVariable("BACKUP_WORKER_STORE_TYPE")).isNull();
        assertThat(RenamedProperties.replacementOfVariable("RESTORE_SIGNING_KEY")).isNull();
    }

    @Test
    void refusesToStartWithAnOldNameAndNamesItWithoutItsValue() {
        assertThatThrownBy(() -> check(Map.of("backup.worker.store.s3.secret-key", "s3cret-value"), Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("backup.worker.store.s3.secret-key (now backup.platform.store.s3.secret-key)")
                .hasMessageNotContaining("s3cret-value");
        assertThatThrownBy(() -> check(Map.of(), Map.of("OFFSITE_PRIMARY_S3_BUCKET", "b")))
                .hasMessageContaining("OFFSITE_PRIMARY_S3_BUCKET (now BACKUP_PLATFORM_STORE_S3_BUCKET)");
    }

    @Test
    void startsWithTheNewNames() {
        assertThatCode(() -> check(Map.of("backup.platform.store.type", "s3", "offsite.destination.endpoint", "x"),
                Map.of("BACKUP_WORKER_STORE_TYPE", "s3", "BACKUP_PLATFORM_CONSUMER_GROUP", "g")))
                .doesNotThrowAnyException();
    }

    /** Any property under a renamed prefix is refused, whatever follows it. */
    @Property
    void everyKeyUnderARenamedPrefixIsRefused(@ForAll @AlphaChars @StringLength(min = 1, max = 20) String rest) {
        for (String prefix : RenamedProperties.RENAMED.keySet()) {
            if (prefix.endsWith(".")) {
                assertThat(RenamedProperties.replacementOf(prefix + rest.toLowerCase()))
                        .isEqualTo(RenamedProperties.RENAMED.get(prefix) + rest.toLowerCase());
            }
        }
    }

    private static void check(Map<String, Object> properties, Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("commandLineArgs", properties));
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        variables));
        new RenamedProperties().postProcessEnvironment(environment, null);
    }
}
