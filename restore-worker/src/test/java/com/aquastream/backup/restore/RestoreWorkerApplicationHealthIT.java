package com.aquastream.backup.restore;

import com.aquastream.backup.testsupport.ServiceSmoke;
import org.junit.jupiter.api.Test;

/** The service boots against the real broker and serves its health and Prometheus endpoints. */
class RestoreWorkerApplicationHealthIT {

    @Test
    void servesHealthAndPrometheusMetrics() throws Exception {
        ServiceSmoke.assertServesHealthAndPrometheus(RestoreWorkerApplication.class,
                "--restore.signing-key=health-check-signing-key-0123456789abcdef");
    }
}
