package com.aquastream.backup.worker;

import com.aquastream.backup.testsupport.ServiceSmoke;
import org.junit.jupiter.api.Test;

/** The service boots against the real broker and serves its health and Prometheus endpoints. */
class BackupWorkerApplicationHealthIT {

    @Test
    void servesHealthAndPrometheusMetrics() throws Exception {
        ServiceSmoke.assertServesHealthAndPrometheus(BackupWorkerApplication.class);
    }
}
