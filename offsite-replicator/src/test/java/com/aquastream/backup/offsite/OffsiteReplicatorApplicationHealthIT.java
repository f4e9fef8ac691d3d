package com.aquastream.backup.offsite;

import com.aquastream.backup.testsupport.ServiceSmoke;
import org.junit.jupiter.api.Test;

/** The service boots against the real broker and serves its health and Prometheus endpoints. */
class OffsiteReplicatorApplicationHealthIT {

    @Test
    void servesHealthAndPrometheusMetrics() throws Exception {
        ServiceSmoke.assertServesHealthAndPrometheus(OffsiteReplicatorApplication.class);
    }
}
