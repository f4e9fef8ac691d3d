package com.aquastream.backup.core.kafka;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class KafkaLoginCheckTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"${KAFKA_USERNAME:backup-worker}\" password=\"${KAFKA_PASSWORD}\";";

    @Test
    void refusesASaslServiceWithoutAPasswordAndNamesTheVariableNotAValue() {
        assertThatThrownBy(() -> check(Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("KAFKA_PASSWORD is not set")
                .hasMessageContaining("not starting");
        assertThatThrownBy(() -> check(Map.of("KAFKA_PASSWORD", "")))
                .hasMessageContaining("KAFKA_PASSWORD");
        assertThatThrownBy(() -> check(Map.of("KAFKA_PASSWORD", "s3cret-pass", "KAFKA_USERNAME", "")))
                .hasMessageContaining("KAFKA_USERNAME")
                .hasMessageNotContaining("s3cret-pass");
    }

    @Test
    void startsWithAUserAndPasswordOrWithSecurityExplicitlyOff() {
        assertThatCode(() -> check(Map.of("KAFKA_PASSWORD", "s3cret-pass"))).doesNotThrowAnyException();
        assertThatCode(() -> check(Map.of("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT"))).doesNotThrowAnyException();
        assertThatCode(() -> check(Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_PASSWORD", "p")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> check(Map.of("KAFKA_SECURITY_PROTOCOL", "sasl_ssl")))
                .hasMessageContaining("KAFKA_PASSWORD");
    }

    /** application.yml's settings, resolved against {@code variables} as the environment would be. */
    private static void check(Map<String, Object> variables) {
        Map<String, Object> yml = new HashMap<>();
        yml.put("spring.kafka.bootstrap-servers", "127.0.0.1:9092");
        yml.put("spring.kafka.security.protocol", "${KAFKA_SECURITY_PROTOCOL:SASL_PLAINTEXT}");
        yml.put("spring.kafka.properties.sasl.jaas.config", JAAS);
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("variables", variables));
        environment.getPropertySources().addLast(new MapPropertySource("application.yml", yml));
        new KafkaLoginCheck().postProcessEnvironment(environment, null);
    }
}
