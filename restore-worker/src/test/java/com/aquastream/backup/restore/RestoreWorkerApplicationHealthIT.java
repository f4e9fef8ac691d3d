package com.aquastream.backup.restore;

import com.aquastream.backup.testsupport.ServiceSmoke;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The service boots against the real broker and serves its health and Prometheus endpoints, and its running restores
 * only where the operator exposes them.
 */
class RestoreWorkerApplicationHealthIT {

    @Test
    void servesHealthAndPrometheusAndHidesItsRunningRestoresByDefault() throws Exception {
        ServiceSmoke.assertServesHealthAndPrometheusAndHides(RestoreWorkerApplication.class,
                List.of("/actuator/restores"),
                "--restore.signing-key=health-check-signing-key-0123456789abcdef",
                "--backup.platform.consumer.group=restore-worker-health-" + UUID.randomUUID(),
                "--backup.platform.consumer.auto-offset-reset=latest");
    }

    @Test
    void servesHealthPrometheusMetricsAndItsRunningRestoresWhenExposed() throws Exception {
        ServiceSmoke.assertServesHealthPrometheusAnd(RestoreWorkerApplication.class,
                Map.of("/actuator/restores", "{\"running\":[]}",
                        "/actuator/prometheus",
                        "restore_worker_restores_active{service=\"restore-worker\",step=\"RESTORING\"} 0.0"),
                "--restore.signing-key=health-check-signing-key-0123456789abcdef",
                "--backup.platform.consumer.group=restore-worker-health-" + UUID.randomUUID(),
                "--backup.platform.consumer.auto-offset-reset=latest",
                "--management.endpoints.web.exposure.include=health,prometheus,restores");
    }
}
