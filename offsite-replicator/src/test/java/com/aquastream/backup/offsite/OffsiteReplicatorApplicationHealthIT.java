package com.aquastream.backup.offsite;

import com.aquastream.backup.testsupport.ServiceSmoke;
import com.aquastream.backup.testsupport.TestS3;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service boots against the real broker and S3 servers and serves its health and Prometheus endpoints. */
class OffsiteReplicatorApplicationHealthIT {

    @TempDir
    Path primary;

    @Test
    void servesHealthAndPrometheusMetrics() throws Exception {
        TestS3.Endpoint offsite = TestS3.offsiteEndpoint();
        ServiceSmoke.assertServesHealthAndPrometheus(OffsiteReplicatorApplication.class,
                "--offsite.primary.filesystem-root=" + primary,
                "--offsite.offsite.endpoint=" + offsite.url(),
                "--offsite.offsite.access-key=" + offsite.accessKey(),
                "--offsite.offsite.secret-key=" + offsite.secretKey(),
                "--offsite.consumer.group=health-" + java.util.UUID.randomUUID(),
                "--offsite.consumer.auto-offset-reset=latest");
    }
}
