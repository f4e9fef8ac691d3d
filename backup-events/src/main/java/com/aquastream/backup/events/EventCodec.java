package com.aquastream.backup.events;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads and writes the events of the public contract as JSON (DESIGN.md, "Public event contract (v1)").
 *
 * <p>Writing: UTF-8, one member per record component in component order, named as the component
 * (camelCase), {@code null} components left out. {@link Instant}s are ISO-8601 UTC strings
 * ({@link Instant#toString()}), {@link UUID}s and enums are strings, lists are arrays, maps and nested
 * records are objects. Every Java string, including unpaired surrogates, round-trips exactly.
 *
 * <p>Reading is strict about what it understands and tolerant of what it does not: members it does not know
 * are ignored (additive evolution), absent or {@code null} members become {@code null} ({@code 0} /
 * {@code false} for primitives), but a known member of the wrong JSON type or with an invalid value, broken
 * JSON, trailing content, nesting deeper than {@value #MAX_DEPTH}, documents over {@value #MAX_DOCUMENT_BYTES}
 * bytes, repeated keys, and a missing {@code eventId}, {@code occurredAt}, {@code database} or {@code schema}
 * are a {@link MalformedEventException} naming the field and the reason. Decoded lists and maps are
 * unmodifiable; maps keep the document's order.
 *
 * <p>Instances hold no mutable state and are safe to share between threads.
 */
public final class EventCodec {

    /** Largest document {@link #decode} accepts; an event is a few hundred bytes, so more is not an event. */
    public static final int MAX_DOCUMENT_BYTES = 1024 * 1024;

    /** Deepest nesting of objects and arrays {@link #decode} accepts, to bound the parser's recursion. */
    public static final int MAX_DEPTH = 32;

    /** Suffix of the CloudEvents type of a topic's events: {@code backup.completed} → {@code backup.completed.v1}. */
    private static final String TYPE_VERSION_SUFFIX = ".v1";

    /** The components every event carries; an event without them cannot be keyed, ordered or deduplicated. */
    private static final Set<String> REQUIRED = Set.of("eventId", "occurredAt", "database", "schema");

    /** 8-4-4-4-12 hex digits; {@link UUID#fromString} alone also accepts short forms like {@code 1-2-3-4-5}. */
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return Shape.of(type);
        }
    };

    /** Writes {@code event} as UTF-8 JSON. */
    public byte[] encode(Event event) {
        Objects.requireNonNull(event, "event");
        for (String field : REQUIRED) {
            // Fail at the producer, not at every consumer: no consumer would accept such a message.
            if (SHAPES.get(event.getClass()).valueOf((Record) event, field) == null) {
                throw new IllegalArgumentException(
                        "cannot encode " + event.getClass().getSimpleName() + ": required field '" + field + "' is null");
            }
        }
        StringBuilder out = new StringBuilder(512);
        writeRecord(out, (Record) event, ""); // every permitted Event is a record
        return out.toString().getBytes(StandardCharsets.UTF_8);
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
        String label = Topics.topicOf(type) + TYPE_VERSION_SUFFIX;
        Object tree;
        try {
            tree = Json.parse(json, MAX_DOCUMENT_BYTES, MAX_DEPTH);
        } catch (MalformedEventException e) {
            throw new MalformedEventException("malformed " + label + " event: " + e.getMessage(), e.field(), e);
        }
        if (!(tree instanceof Map)) {
            throw new MalformedEventException(
                    "malformed " + label + " event: expected a JSON object but was " + describe(tree));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) tree;
        for (String field : REQUIRED) {
            if (object.get(field) == null) {
                throw new MalformedEventException("malformed " + label + " event: required field '" + field + "' is "
                        + (object.containsKey(field) ? "null" : "missing"), field, null);
            }
        }
        return type.cast(new Reader(label).readRecord(object, type, ""));
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

    // ---- writing ----------------------------------------------------------------------------------------

    private static void writeRecord(StringBuilder out, Record value, String path) {
        Shape shape = SHAPES.get(value.getClass());
        out.append('{');
        boolean first = true;
        for (int i = 0; i < shape.names.length; i++) {
            Object component = shape.get(value, i);
            if (component == null) {
                continue; // nulls are omitted: an absent optional field reads back as null
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            Json.writeString(out, shape.names[i]);
            out.append(':');
            writeValue(out, component, join(path, shape.names[i]));
        }
        out.append('}');
    }

    private static void writeValue(StringBuilder out, Object value, String path) {
        if (value == null) {
            // Only reachable inside a list or map: JSON could carry it, but no reader could give it a meaning.
            throw new IllegalArgumentException("cannot encode a null element at '" + path + "'");
        } else if (value instanceof String s) {
            Json.writeString(out, s);
        } else if (value instanceof UUID || value instanceof Instant) {
            Json.writeString(out, value.toString());
        } else if (value instanceof Enum<?> e) {
            Json.writeString(out, e.name());
        } else if (value instanceof Long || value instanceof Integer || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                writeValue(out, list.get(i), path + "[" + i + "]");
            }
            out.append(']');
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                String key = (String) entry.getKey();
                Json.writeString(out, key);
                out.append(':');
                writeValue(out, entry.getValue(), path + "[\"" + key + "\"]");
            }
            out.append('}');
        } else if (value instanceof Record r) {
            writeRecord(out, r, path);
        } else {
            throw new IllegalArgumentException("cannot encode " + value.getClass().getName() + " at '" + path + "'");
        }
    }

    // ---- reading ----------------------------------------------------------------------------------------

    /** Turns a parsed tree into records, naming the event type in every error. */
    private static final class Reader {

        private final String label;

        Reader(String label) {
            this.label = label;
        }

        Record readRecord(Map<String, Object> object, Class<?> type, String path) {
            Shape shape = SHAPES.get(type);
            Object[] args = new Object[shape.names.length];
            for (int i = 0; i < args.length; i++) {
                Object node = object.get(shape.names[i]); // unknown members are simply never looked up
                Class<?> raw = shape.rawTypes[i];
                if (node == null) {
                    args[i] = raw.isPrimitive() ? primitiveDefault(raw) : null;
                } else {
                    args[i] = read(node, shape.types[i], join(path, shape.names[i]));
                }
            }
            return shape.construct(args, this, path);
        }

        private Object read(Object node, Type type, String path) {
            if (type instanceof ParameterizedType parameterized) {
                Class<?> raw = (Class<?>) parameterized.getRawType();
                Type[] arguments = parameterized.getActualTypeArguments();
                return raw == List.class ? readList(node, arguments[0], path) : readMap(node, arguments[1], path);
            }
            Class<?> raw = (Class<?>) type;
            if (raw == String.class) {
                return expectString(node, "a string", path);
            } else if (raw == UUID.class) {
                return readUuid(node, path);
            } else if (raw == Instant.class) {
                return readInstant(node, path);
            } else if (raw.isEnum()) {
                return readEnum(node, raw, path);
            } else if (raw == long.class || raw == Long.class) {
                return readInteger(node, Long.MIN_VALUE, Long.MAX_VALUE, path);
            } else if (raw == int.class || raw == Integer.class) {
                return (int) readInteger(node, Integer.MIN_VALUE, Integer.MAX_VALUE, path);
            } else if (raw == boolean.class || raw == Boolean.class) {
                if (!(node instanceof Boolean)) {
                    throw wrongType(path, "a boolean", node);
                }
                return node;
            } else {
                return readRecord(expectObject(node, path), raw, path);
            }
        }

        private List<Object> readList(Object node, Type elementType, String path) {
            if (!(node instanceof List<?> array)) {
                throw wrongType(path, "an array", node);
            }
            List<Object> values = new ArrayList<>(array.size());
            for (int i = 0; i < array.size(); i++) {
                String elementPath = path + "[" + i + "]";
                Object element = array.get(i);
                if (element == null) {
                    throw invalid(elementPath, "null is not allowed as an element");
                }
                values.add(read(element, elementType, elementPath));
            }
            return Collections.unmodifiableList(values);
        }

        private Map<String, Object> readMap(Object node, Type valueType, String path) {
            Map<String, Object> object = expectObject(node, path);
            Map<String, Object> values = new LinkedHashMap<>();
            for (Map.Entry<String, Object> entry : object.entrySet()) {
                String entryPath = path + "[\"" + Json.abbreviate(entry.getKey()) + "\"]";
                if (entry.getValue() == null) {
                    throw invalid(entryPath, "null is not allowed as a value");
                }
                values.put(entry.getKey(), read(entry.getValue(), valueType, entryPath));
            }
            return Collections.unmodifiableMap(values);
        }

        private UUID readUuid(Object node, String path) {
            String text = expectString(node, "a UUID string", path);
            if (!UUID_TEXT.matcher(text).matches()) {
                throw invalid(path, "expected a UUID (8-4-4-4-12 hex digits) but was " + quote(text));
            }
            return UUID.fromString(text);
        }

        private Instant readInstant(Object node, String path) {
            String text = expectString(node, "an ISO-8601 UTC timestamp string", path);
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw new MalformedEventException(message(path,
                        "expected an ISO-8601 UTC timestamp such as 2025-08-17T02:00:00Z but was " + quote(text)),
                        path, e);
            }
        }

        private Object readEnum(Object node, Class<?> type, String path) {
            String text = expectString(node, "a string", path);
            for (Object constant : type.getEnumConstants()) {
                if (((Enum<?>) constant).name().equals(text)) {
                    return constant;
                }
            }
            throw invalid(path, "expected one of " + Arrays.toString(type.getEnumConstants())
                    + " but was " + quote(text));
        }

        private long readInteger(Object node, long min, long max, String path) {
            if (!(node instanceof Json.NumberLiteral number)) {
                throw wrongType(path, "an integer", node);
            }
            if (!number.isInteger()) {
                throw invalid(path, "expected an integer but was " + number);
            }
            long value;
            try {
                value = Long.parseLong(number.text());
            } catch (NumberFormatException e) {
                throw invalid(path, "integer " + Json.abbreviate(number.text()) + " is out of range");
            }
            if (value < min || value > max) {
                throw invalid(path, "integer " + value + " is out of range [" + min + ", " + max + "]");
            }
            return value;
        }

        private String expectString(Object node, String expected, String path) {
            if (!(node instanceof String s)) {
                throw wrongType(path, expected, node);
            }
            return s;
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> expectObject(Object node, String path) {
            if (!(node instanceof Map)) {
                throw wrongType(path, "an object", node);
            }
            return (Map<String, Object>) node;
        }

        private MalformedEventException wrongType(String path, String expected, Object node) {
            return invalid(path, "expected " + expected + " but was " + describe(node));
        }

        MalformedEventException invalid(String path, String problem) {
            return new MalformedEventException(message(path, problem), path, null);
        }

        String message(String path, String problem) {
            return "malformed " + label + " event: field '" + path + "': " + problem;
        }
    }

    private static Object primitiveDefault(Class<?> type) {
        if (type == boolean.class) {
            return false;
        } else if (type == int.class) {
            return 0;
        } else {
            return 0L;
        }
    }

    private static String describe(Object node) {
        if (node == null) {
            return "null";
        } else if (node instanceof String s) {
            return "a string (" + quote(s) + ")";
        } else if (node instanceof Json.NumberLiteral n) {
            return "a number (" + Json.abbreviate(n.text()) + ")";
        } else if (node instanceof Boolean b) {
            return "a boolean (" + b + ")";
        } else if (node instanceof List) {
            return "an array";
        } else {
            return "an object";
        }
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder();
        Json.writeString(out, Json.abbreviate(s));
        return out.toString();
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /**
     * What the codec knows about one record class: component names, types, accessors and the canonical
     * constructor. Computed once per class and checked up front, so an unsupported component type fails the
     * first use rather than some later message.
     */
    private static final class Shape {

        private static final Set<Class<?>> SCALARS = Set.of(String.class, UUID.class, Instant.class,
                long.class, Long.class, int.class, Integer.class, boolean.class, Boolean.class);

        final String[] names;
        final Type[] types;
        final Class<?>[] rawTypes;
        private final RecordComponent[] components;
        private final Constructor<?> constructor;

        private Shape(RecordComponent[] components, Constructor<?> constructor) {
            this.components = components;
            this.constructor = constructor;
            this.names = Arrays.stream(components).map(RecordComponent::getName).toArray(String[]::new);
            this.types = Arrays.stream(components).map(RecordComponent::getGenericType).toArray(Type[]::new);
            this.rawTypes = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        }

        static Shape of(Class<?> type) {
            if (!type.isRecord()) {
                throw new IllegalArgumentException("not a record: " + type.getName());
            }
            RecordComponent[] components = type.getRecordComponents();
            for (RecordComponent component : components) {
                checkSupported(component.getGenericType(), type.getSimpleName() + "." + component.getName());
            }
            Class<?>[] parameterTypes = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            try {
                return new Shape(components, type.getDeclaredConstructor(parameterTypes));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("record without canonical constructor: " + type.getName(), e);
            }
        }

        private static void checkSupported(Type type, String where) {
            if (type instanceof ParameterizedType parameterized) {
                Class<?> raw = (Class<?>) parameterized.getRawType();
                Type[] arguments = parameterized.getActualTypeArguments();
                if (raw == List.class) {
                    checkSupported(arguments[0], where + "[]");
                    return;
                }
                if (raw == Map.class && arguments[0] == String.class) {
                    checkSupported(arguments[1], where + "{}");
                    return;
                }
            } else if (type instanceof Class<?> c && (SCALARS.contains(c) || c.isEnum() || c.isRecord())) {
                if (c.isRecord()) {
                    SHAPES.get(c);
                }
                return;
            }
            throw new IllegalStateException("the event codec cannot represent " + type.getTypeName() + " of " + where);
        }

        Object get(Record value, int index) {
            try {
                return components[index].getAccessor().invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + names[index] + " of " + value.getClass().getName(), e);
            }
        }

        Object valueOf(Record value, String name) {
            return get(value, Arrays.asList(names).indexOf(name));
        }

        Record construct(Object[] args, Reader reader, String path) {
            try {
                return (Record) constructor.newInstance(args);
            } catch (InvocationTargetException e) {
                // A record that validates its components (a compact constructor) rejects the value: that is
                // a malformed message, not a bug in the consumer.
                Throwable cause = e.getCause();
                if (cause instanceof IllegalArgumentException || cause instanceof NullPointerException) {
                    String where = path.isEmpty() ? constructor.getDeclaringClass().getSimpleName() : path;
                    throw new MalformedEventException(
                            "malformed " + reader.label + " event: " + where + " rejected: " + cause.getMessage(),
                            path.isEmpty() ? null : path, cause);
                }
                throw new IllegalStateException("cannot create " + constructor.getDeclaringClass().getName(), cause);
            } catch (InstantiationException | IllegalAccessException e) {
                throw new IllegalStateException("cannot create " + constructor.getDeclaringClass().getName(), e);
            }
        }
    }
}
