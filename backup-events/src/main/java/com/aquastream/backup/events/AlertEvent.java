package com.aquastream.backup.events;

/** Alerts raised and resolved by the alerting service: the public hook for chat bots and dashboards. */
public sealed interface AlertEvent extends Event permits AlertRaised, AlertResolved {
}
