package com.aquastream.backup.alerting.alert;

import com.aquastream.backup.events.AlertEvent;

/** Publishes {@code alert.raised} / {@code alert.resolved}, the public hook; returns once the broker has it. */
public interface AlertEvents {

    void publish(AlertEvent event);
}
