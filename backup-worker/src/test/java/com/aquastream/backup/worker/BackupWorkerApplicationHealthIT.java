package com.aquastream.backup.worker;

import com.aquastream.backup.testsupport.ServiceSmoke;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The service boots against the real broker and serves its health and Prometheus endpoints, and no other actuator
 * endpoint unless configured.
 */
class BackupWorkerApplicationHealthIT {

    @Test
    void servesHealthAndPrometheusButNoActuatorEndpointItWasNotConfiguredFor() throws Exception {
        // Groups of its own, from the topics' end: the shared broker's history is other tests' business.
        String run = UUID.randomUUID().toString();
        ServiceSmoke.assertServesHealthAndPrometheus(BackupWorkerApplication.class,
                "--backup.worker.pool=health-" + run,
                "--backup.worker.expiry-group=backup-worker-health-expiry-" + run,
                "--backup.platform.consumer.auto-offset-reset=latest");
    }
}
