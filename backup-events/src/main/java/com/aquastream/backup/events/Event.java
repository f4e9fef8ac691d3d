package com.aquastream.backup.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A fact published on one of the platform's topics (DESIGN.md, public event contract v1).
 *
 * <p>Every event names the schema it is about; {@link #key()} is the Kafka message key, so all events
 * of one schema are ordered on one partition. Records implementing this interface are immutable;
 * optional fields are {@code null} when absent on the wire.
 */
public sealed interface Event permits BackupEvent, RestoreEvent, ReplicationEvent, AlertEvent {

    /** Unique id of this event; also the CloudEvents {@code ce_id}. */
    UUID eventId();

    /** When the fact happened (UTC). */
    Instant occurredAt();

    /** Logical database name, or {@code "redis"} for Redis instances. */
    String database();

    /** Schema name, or the Redis instance name. */
    String schema();

    /** The topic this event is published on. */
    default String topic() {
        return Topics.topicOf(getClass());
    }

    /** The CloudEvents type, e.g. {@code backup.completed.v1}. */
    default String type() {
        return topic() + ".v1";
    }

    /** The message key: {@code {database}.{schema}}, which for Redis is {@code redis.{instance}}. */
    default String key() {
        return database() + "." + schema();
    }
}
