package com.aquastream.backup.restore;

import com.aquastream.backup.testsupport.ServiceSmoke;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The service boots against the real broker and serves its health and Prometheus endpoints. */
class RestoreWorkerApplicationHealthIT {

    @Test
    void servesHealthAndPrometheusMetrics() throws Exception {
        ServiceSmoke.assertServesHealthAndPrometheus(RestoreWorkerApplication.class,
                "--restore.signing-key=health-check-signing-key-0123456789abcdef",
                "--restore.consumer.group=health-" + UUID.randomUUID(),
                "--restore.consumer.auto-offset-reset=latest");
    }
}
