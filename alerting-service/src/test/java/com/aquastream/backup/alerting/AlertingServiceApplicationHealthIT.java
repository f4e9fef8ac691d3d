package com.aquastream.backup.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.testsupport.ServiceSmoke;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * The service boots against the real broker and its own database and serves health, metrics and open alerts, and no
 * actuator endpoint it was not configured for.
 */
class AlertingServiceApplicationHealthIT {

    @Test
    void servesHealthPrometheusMetricsAndOpenAlertsAndHidesTheRestOfTheActuator() throws Exception {
        try (TestDatabase database = TestDatabases.create();
             AlertingInstance service = AlertingInstance.start(
                     AlertingInstance.defaults(database, "alerting-service-health-" + database.name()), Clock.systemUTC())) {
            String base = "http://127.0.0.1:" + service.port();
            HttpClient http = HttpClient.newHttpClient();

            HttpResponse<String> health = get(http, base + "/actuator/health");
            HttpResponse<String> metrics = get(http, base + "/actuator/prometheus");
            HttpResponse<String> alerts = get(http, base + "/alerts");

            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"alerting\"").contains("\"db\"")
                    .contains("\"jobConsumers\"").contains("\"timer\"").contains("\"outbox\"")
                    .contains("\"alert-evaluation\"");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("alerting_open_alerts");
            assertThat(alerts.statusCode()).isEqualTo(200);
            assertThat(alerts.body()).isEqualTo("[]");
            for (String path : ServiceSmoke.NOT_EXPOSED_BY_DEFAULT) {
                assertThat(get(http, base + path).statusCode()).as(path).isEqualTo(404);
            }
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
