package com.aquastream.backup.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A fact published on one of the platform's topics (DESIGN.md, public event contract v1).
 *
 * <p>Every event names the schema it is about; {@link #messageKey()} is the Kafka message key, so all events
 * of one schema are ordered on one partition. Records implementing this interface are immutable;
 * optional fields are {@code null} when absent on the wire.
 */
public sealed interface Event permits BackupEvent, RestoreEvent, ReplicationEvent, AlertEvent,
        WalEvent {

    /** Unique id of this event; also the CloudEvents {@code ce_id}. */
    UUID eventId();

    /** When the fact happened (UTC). */
    Instant occurredAt();

    /**
     * Logical database name, or {@code "redis"} for Redis instances, or the cluster's name for WAL events
     * ({@link WalEvent}).
     */
    String database();

    /** Schema name, or the Redis instance name, or {@link WalEvent#CLUSTER_SCHEMA} for WAL events. */
    String schema();

    /** The topic this event is published on. */
    default String topic() {
        return Topics.topicOf(getClass());
    }

    /** The CloudEvents type, e.g. {@code backup.completed.v1}. */
    default String type() {
        return topic() + ".v1";
    }

    /**
     * The Kafka message key: {@code {database}.{schema}}, which for Redis is {@code redis.{instance}}.
     *
     * <p>Not named {@code key()}: several events have an object {@code key} field, whose record accessor would
     * silently replace a default method of that name.
     */
    default String messageKey() {
        return database() + "." + schema();
    }
}
