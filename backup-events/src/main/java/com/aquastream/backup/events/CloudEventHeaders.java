package com.aquastream.backup.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The CloudEvents Kafka binary-binding headers every message of the contract carries (DESIGN.md), so tools
 * that know CloudEvents but not this platform can still route and trace the messages.
 */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String CONTENT_TYPE = "content-type";

    /** The CloudEvents specification version the headers follow. */
    public static final String SPEC_VERSION_1_0 = "1.0";

    /** Media type of every message body of the contract. */
    public static final String APPLICATION_JSON = "application/json";

    private CloudEventHeaders() {
    }

    /**
     * The headers of one event, in the order {@code ce_specversion}, {@code ce_id}, {@code ce_type},
     * {@code ce_source}, {@code ce_time}, {@code content-type}.
     *
     * @param source the publishing service, e.g. {@code backup-worker}
     * @return an unmodifiable map: id is the {@code eventId}, type is {@link Event#type()} (e.g.
     *         {@code backup.completed.v1}), time is {@code occurredAt} as an ISO-8601 UTC string
     */
    public static Map<String, String> of(Event event, String source) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(event.eventId(), "eventId");
        Objects.requireNonNull(event.occurredAt(), "occurredAt");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(SPEC_VERSION, SPEC_VERSION_1_0);
        headers.put(ID, event.eventId().toString());
        headers.put(TYPE, event.type());
        headers.put(SOURCE, source);
        headers.put(TIME, event.occurredAt().toString());
        headers.put(CONTENT_TYPE, APPLICATION_JSON);
        return Collections.unmodifiableMap(headers);
    }
}
