package com.aquastream.backup.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.Nulls;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.ser.BeanSerializerFactory;

/**
 * Reads and writes the events of the public contract as JSON (DESIGN.md, "Public event contract (v1)"), with
 * Jackson 3 configured here rather than by annotations on the records (STYLE rule 2).
 *
 * <p>Writing: UTF-8, one member per record component in component order, named as the component
 * (camelCase), {@code null} components left out. {@link Instant}s are ISO-8601 UTC strings
 * ({@link Instant#toString()}), {@link UUID}s and enums are strings, lists are arrays, maps and nested
 * records are objects. Every Java string, including unpaired surrogates (written as {@code \}{@code uD800}
 * escapes), round-trips exactly.
 *
 * <p>Reading is strict about what it understands and tolerant of what it does not: members it does not know
 * are ignored (additive evolution), absent or {@code null} members become {@code null} ({@code 0} /
 * {@code false} for primitives), but a known member of the wrong JSON type or with an invalid value
 * ({@link WireTypes}), broken JSON, trailing content, bytes that are not UTF-8, nesting deeper than
 * {@value #MAX_DEPTH}, documents over {@value #MAX_DOCUMENT_BYTES} bytes, repeated keys, and a missing
 * {@code eventId}, {@code occurredAt}, {@code database} or {@code schema} are a {@link MalformedEventException}
 * naming the field and the reason. Decoded lists and maps are unmodifiable; maps keep the document's order.
 *
 * <p>Instances hold no mutable state and are safe to share between threads.
 */
public final class EventCodec {

    /** Largest document {@link #decode} accepts; an event is a few hundred bytes, so more is not an event. */
    public static final int MAX_DOCUMENT_BYTES = 1024 * 1024;

    /** Deepest nesting of objects and arrays {@link #decode} accepts, to bound the parser's work. */
    public static final int MAX_DEPTH = 32;

    /** Suffix of the CloudEvents type of a topic's events: {@code backup.completed} → {@code backup.completed.v1}. */
    private static final String TYPE_VERSION_SUFFIX = ".v1";

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    // Within one document, the size limit is the only one: a long name or number in a member
                    // nobody reads is no reason to refuse an event; depth bounds the work of skipping it.
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxDocumentLength(MAX_DOCUMENT_BYTES)
                            .maxNameLength(MAX_DOCUMENT_BYTES)
                            .maxNumberLength(MAX_DOCUMENT_BYTES)
                            .maxStringLength(MAX_DOCUMENT_BYTES)
                            .build())
                    // A repeated key is ambiguous: two parsers may keep different values. For a signed
                    // restore.requested that difference could be exploited, so refuse it outright.
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .disable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES)
                    .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                    .build())
            .addModule(WireTypes.module())
            .addHandler(WireTypes.problemHandler())
            .serializerFactory(BeanSerializerFactory.instance.withNullValueSerializer(WireTypes.refuseNull()))
            // Only the record components are properties, in component order, whatever methods a record adds.
            .enable(MapperFeature.INFER_RECORD_GETTERS_FROM_COMPONENTS_ONLY)
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
            .changeDefaultNullHandling(nulls -> nulls.withContentNulls(Nulls.FAIL))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS) // checked below, with the contract's message
            .build();

    private static final ObjectWriter WRITER = MAPPER.writer();

    /** Writes {@code event} as UTF-8 JSON. */
    public byte[] encode(Event event) {
        Objects.requireNonNull(event, "event");
        String missing = missingRequiredField(event);
        if (missing != null) {
            // Fail at the producer, not at every consumer: no consumer would accept such a message.
            throw new IllegalArgumentException(
                    "cannot encode " + event.getClass().getSimpleName() + ": required field '" + missing + "' is null");
        }
        try {
            return WRITER.writeValueAsBytes(event);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("cannot encode " + event.getClass().getSimpleName() + " at '"
                    + path(e) + "': " + (e.getCause() != null ? e.getCause().getMessage() : e.getOriginalMessage()), e);
        }
    }

    /**
     * Reads an event of a known class.
     *
     * @throws MalformedEventException if the document is not a valid {@code type} event
     */
    public <T extends Event> T decode(byte[] json, Class<T> type) {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(type, "type");
        if (!type.isRecord()) {
            throw new IllegalArgumentException("not an event record: " + type.getName());
        }
        String label = "malformed " + Topics.topicOf(type) + TYPE_VERSION_SUFFIX + " event: ";
        if (json.length > MAX_DOCUMENT_BYTES) {
            throw new MalformedEventException(label + "document of " + json.length + " bytes exceeds the limit of "
                    + MAX_DOCUMENT_BYTES + " bytes");
        }
        String text = strictUtf8(json, label);
        checkUnicodeEscapes(text, label);
        T event = read(text, type, label);
        String missing = missingRequiredField(event);
        if (missing != null) {
            throw new MalformedEventException(label + "required field '" + missing + "' is "
                    + (isNullMember(text, missing) ? "null" : "missing"), missing, null);
        }
        return event;
    }

    /**
     * Reads an event of the type a topic carries or a CloudEvents type names.
     *
     * @param topicOrType a topic such as {@code backup.completed} or a type such as {@code backup.completed.v1}
     * @throws MalformedEventException if the type is not part of the contract, or the document is not a valid
     *                                 event of it
     */
    public Event decode(byte[] json, String topicOrType) {
        Class<? extends Event> type = eventClassOf(topicOrType);
        if (type == null) {
            throw new MalformedEventException("unknown event type '" + topicOrType
                    + "': expected one of the contract's topics " + Topics.all() + " or their '"
                    + TYPE_VERSION_SUFFIX + "' CloudEvents types");
        }
        return decode(json, type);
    }

    /**
     * The event class of a topic ({@code backup.completed}) or CloudEvents type ({@code backup.completed.v1}),
     * or {@code null} if neither is part of the contract (including other versions such as {@code .v2}).
     */
    public static Class<? extends Event> eventClassOf(String topicOrType) {
        if (topicOrType == null) {
            return null;
        }
        String topic = topicOrType.endsWith(TYPE_VERSION_SUFFIX)
                ? topicOrType.substring(0, topicOrType.length() - TYPE_VERSION_SUFFIX.length())
                : topicOrType;
        return Topics.eventTypeOf(topic);
    }

    // ---- reading ----------------------------------------------------------------------------------------

    /**
     * Decodes with the JDK's decoder rather than Jackson's: Jackson reads overlong forms (C0 80 as U+0000) and code
     * points above U+10FFFF without complaint. A byte that is not UTF-8 is a broken message, not one to repair.
     */
    private static String strictUtf8(byte[] bytes, String label) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedEventException(label + "document is not valid UTF-8", e);
        }
    }

    /**
     * Refuses a {@code \}{@code u} escape with a digit outside ASCII. Jackson's parser of text (3.1) takes any
     * character whose low byte is a hex digit for that digit (U+0E33 for '3'); its parser of bytes does not, but it
     * refuses an escaped unpaired surrogate in a member name, which this codec writes and must read back. So the
     * text parser reads, and this closes its gap: an escape is a backslash and one character, or {@code u} and
     * four, so stepping over every escape finds each {@code u} that starts one (a backslash outside a string is
     * refused by the parser anyway).
     */
    private static void checkUnicodeEscapes(String text, String label) {
        for (int i = text.indexOf('\\'); i >= 0 && i + 1 < text.length(); i = text.indexOf('\\', i + 2)) {
            if (text.charAt(i + 1) != 'u') {
                continue;
            }
            for (int digit = i + 2; digit < Math.min(i + 6, text.length()); digit++) {
                if (text.charAt(digit) > 0x7f) {
                    throw new MalformedEventException(label + "malformed JSON at character " + (digit + 1)
                            + ": invalid hex digit in \\u escape");
                }
            }
        }
    }

    private static <T> T read(String text, Class<T> type, String label) {
        ObjectReader reader = MAPPER.readerFor(type);
        try (JsonParser p = reader.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new MalformedEventException(label + "empty document: expected a JSON object");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new MalformedEventException(label + "expected a JSON object but was " + WireTypes.describe(p));
            }
            T value = reader.readValue(p);
            if (p.nextToken() != null) {
                throw new MalformedEventException(label + syntaxError(p.currentLocation(),
                        "unexpected " + WireTypes.describe(p) + " after the end of the JSON value"));
            }
            return value;
        } catch (JacksonException e) {
            throw malformed(e, label);
        }
    }

    /** Says what was wrong and where: a line and column for broken JSON, a field path for a wrong value. */
    private static MalformedEventException malformed(JacksonException e, String label) {
        if (e instanceof StreamReadException || e instanceof StreamConstraintsException) {
            // Jackson's own wording, but without the start marker's location (the error's own comes first).
            String problem = e.getOriginalMessage().replaceFirst(" \\(start marker at \\[Source: .*$", "");
            if (e instanceof StreamConstraintsException && problem.contains("nesting depth")) {
                problem = "nesting deeper than " + MAX_DEPTH + " levels";
            } else if (problem.startsWith("Duplicate Object property ")) {
                problem = "duplicate key " + problem.substring("Duplicate Object property ".length());
            }
            return new MalformedEventException(label + syntaxError(e.getLocation(), problem), e);
        }
        String field = path(e);
        String problem = e.getOriginalMessage();
        if (e instanceof InvalidNullException) {
            problem = field.endsWith("]") && !field.endsWith("\"]")
                    ? "null is not allowed as an element" : "null is not allowed as a value";
        } else if (e instanceof ValueInstantiationException && isRejection(e.getCause())) {
            // A record that validates its components (a compact constructor) rejects the value: that is a
            // malformed message, not a bug in the consumer.
            return new MalformedEventException(label + (field.isEmpty() ? "event" : field) + " rejected: "
                    + e.getCause().getMessage(), field.isEmpty() ? null : field, e.getCause());
        }
        if (field.isEmpty()) {
            return new MalformedEventException(label + problem, e);
        }
        return new MalformedEventException(label + "field '" + field + "': " + problem, field, e);
    }

    private static boolean isRejection(Throwable cause) {
        return cause instanceof IllegalArgumentException || cause instanceof NullPointerException;
    }

    private static String syntaxError(TokenStreamLocation location, String problem) {
        return location == null || location.getLineNr() < 1
                ? "malformed JSON: " + problem
                : "malformed JSON at line " + location.getLineNr() + ", column " + location.getColumnNr() + ": "
                        + problem;
    }

    /** The field a Jackson error is about, as {@code objects[1].tier} or {@code tableRowCounts["a.b"]}. */
    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            } else if (reference.from() instanceof Map) {
                path.append("[\"").append(WireTypes.abbreviate(reference.getPropertyName())).append("\"]");
            } else if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            }
        }
        return path.toString();
    }

    // ---- required fields --------------------------------------------------------------------------------

    /**
     * The first of the components every event carries that is {@code null}, or {@code null}: an event without them
     * cannot be keyed, ordered or deduplicated.
     */
    private static String missingRequiredField(Event event) {
        return event.eventId() == null ? "eventId"
                : event.occurredAt() == null ? "occurredAt"
                : event.database() == null ? "database"
                : event.schema() == null ? "schema"
                : null;
    }

    /** Only on the error path: whether a required member was there as {@code null} or not there at all. */
    private static boolean isNullMember(String text, String field) {
        return MAPPER.readTree(text).has(field);
    }
}
