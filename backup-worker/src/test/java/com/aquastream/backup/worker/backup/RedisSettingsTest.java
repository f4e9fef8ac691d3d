package com.aquastream.backup.worker.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aquastream.backup.core.naming.InvalidIdentifierException;
import com.aquastream.backup.core.redis.RedisEndpoint;
import com.aquastream.backup.worker.config.WorkerProperties;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisSettingsTest {

    @Test
    void buildsAnEndpointPerInstanceWithItsPassword() {
        WorkerProperties.Redis redis = new WorkerProperties.Redis(Map.of("cache", "10.0.0.5:6380", "queue",
                "127.0.0.1:6379"), Map.of("cache", "pw-from-env"), Duration.ofSeconds(30), 6);

        Map<String, RedisEndpoint> endpoints = BackupConfiguration.redisEndpoints(redis);

        assertThat(endpoints.get("cache")).isEqualTo(new RedisEndpoint("10.0.0.5", 6380, "pw-from-env",
                Duration.ofSeconds(30)));
        assertThat(endpoints.get("queue").password()).isNull();
    }

    @Test
    void refusesAnInstanceNameThatIsNotAPlainIdentifier() {
        WorkerProperties.Redis redis = new WorkerProperties.Redis(Map.of("../cache", "10.0.0.5:6380"), Map.of(),
                Duration.ofSeconds(30), 6);

        assertThatThrownBy(() -> BackupConfiguration.redisEndpoints(redis))
                .isInstanceOf(InvalidIdentifierException.class);
    }

    @Test
    void neverPrintsRedisPasswords() {
        WorkerProperties.Redis redis = new WorkerProperties.Redis(Map.of("cache", "10.0.0.5:6380"),
                Map.of("cache", "pw-from-env"), Duration.ofSeconds(30), 6);

        assertThat(redis.toString()).doesNotContain("pw-from-env").contains("cache");
    }
}
