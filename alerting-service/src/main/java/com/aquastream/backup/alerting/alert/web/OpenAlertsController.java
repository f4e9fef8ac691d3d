package com.aquastream.backup.alerting.alert.web;

import com.aquastream.backup.alerting.alert.Alert;
import com.aquastream.backup.alerting.alert.Alerting;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /alerts}: the open alerts, oldest first, for dashboards and operators. Read-only. */
@RestController
class OpenAlertsController {

    private final Alerting alerting;

    OpenAlertsController(Alerting alerting) {
        this.alerting = alerting;
    }

    /** One open alert as JSON. */
    record OpenAlert(String alertId, String rule, String severity, String database, String schema, String message,
                     String firstSeenAt, String lastNotifiedAt) {

        static OpenAlert of(Alert a) {
            return new OpenAlert(a.alertId().toString(), a.rule().wire(), a.severity().wire(), a.target().database(),
                    a.target().schema(), a.message(), a.firstSeenAt().toString(), a.lastNotifiedAt().toString());
        }
    }

    @GetMapping("/alerts")
    List<OpenAlert> openAlerts() {
        return alerting.openAlerts().stream().map(OpenAlert::of).toList();
    }
}
