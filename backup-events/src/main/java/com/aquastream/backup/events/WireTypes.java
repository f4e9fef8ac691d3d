package com.aquastream.backup.events;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.DeserializationProblemHandler;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.deser.std.StdConvertingDeserializer;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.module.SimpleDeserializers;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;
import tools.jackson.databind.type.CollectionType;
import tools.jackson.databind.type.MapType;
import tools.jackson.databind.util.StdConverter;

/**
 * The JSON types of the event contract's values, as a Jackson module: what {@link EventCodec} accepts for a
 * string, UUID, timestamp, integer, boolean or enum component, and the message it gives when a value is not that.
 *
 * <p>Jackson's own readers of these types are lenient in ways a contract must not be (they turn {@code 5} into
 * {@code "5"}, {@code 1.5} into {@code 1}, {@code 1} into {@code true}, an enum's index into a constant, an empty
 * string into a {@code null} timestamp, a 24-character Base64 string into a UUID), so each type has a strict reader
 * here. Records, lists, maps, nesting and unknown members stay Jackson's. Every problem is reported as a
 * {@link MismatchedInputException} whose message is the problem alone; Jackson adds the path, and
 * {@link EventCodec} prefixes both.
 */
final class WireTypes {

    /** 8-4-4-4-12 hex digits; {@link UUID#fromString} alone also accepts short forms like {@code 1-2-3-4-5}. */
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private WireTypes() {
    }

    static SimpleModule module() {
        SimpleDeserializers readers = new StrictDeserializers();
        strict(readers, JsonToken.VALUE_STRING, "a string", (p, text) -> text, String.class);
        strict(readers, JsonToken.VALUE_STRING, "a UUID string", WireTypes::uuid, UUID.class);
        strict(readers, JsonToken.VALUE_STRING, "an ISO-8601 UTC timestamp string", WireTypes::instant, Instant.class);
        strict(readers, JsonToken.VALUE_NUMBER_INT, "an integer",
                (p, text) -> integer(p, Long.MIN_VALUE, Long.MAX_VALUE), Long.class, Long.TYPE);
        strict(readers, JsonToken.VALUE_NUMBER_INT, "an integer",
                (p, text) -> (int) integer(p, Integer.MIN_VALUE, Integer.MAX_VALUE), Integer.class, Integer.TYPE);
        strict(readers, null, "a boolean", (p, text) -> p.currentToken() == JsonToken.VALUE_TRUE,
                Boolean.class, Boolean.TYPE);
        return new SimpleModule("event-contract")
                .setDeserializers(readers)
                .setDeserializerModifier(new UnmodifiableContainers())
                // Instant#toString, as the contract says (ISO-8601 UTC, fraction in groups of three digits).
                .addSerializer(Instant.class, new StdSerializer<>(Instant.class) {
                    @Override
                    public void serialize(Instant value, JsonGenerator gen, SerializationContext ctxt) {
                        gen.writeString(value.toString());
                    }
                });
    }

    /** Turns Jackson's structural mismatches (an array where a record belongs...) into the contract's wording. */
    static DeserializationProblemHandler problemHandler() {
        return new DeserializationProblemHandler() {
            @Override
            public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t,
                                                JsonParser p, String failureMsg) {
                throw problem(p, targetType.getRawClass(), "expected " + expectedShapeOf(targetType)
                        + " but was " + describe(p));
            }

            @Override
            public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> instClass,
                                                    ValueInstantiator valueInsta, JsonParser p, String msg) {
                // A record read from a string, number or boolean: it has no constructor for that, by design.
                throw problem(p, instClass, "expected an object but was " + describe(p));
            }
        };
    }

    /** Writing a {@code null} list element or map value: JSON could carry it, but no reader could give it a meaning. */
    static StdSerializer<Object> refuseNull() {
        return new StdSerializer<>(Object.class) {
            @Override
            public void serialize(Object value, JsonGenerator gen, SerializationContext ctxt) {
                throw new IllegalArgumentException("null is not allowed as an element or value");
            }
        };
    }

    /** What the current token is, for an error message: {@code a string ("x")}, {@code a number (5)}, ... */
    static String describe(JsonParser p) {
        JsonToken token = p.currentToken();
        if (token == null) {
            return "end of document";
        }
        return switch (token) {
            case VALUE_STRING -> "a string (" + quote(p.getString()) + ")";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number (" + abbreviate(p.getString()) + ")";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean (" + p.getString() + ")";
            case VALUE_NULL -> "null";
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            default -> "'" + p.getString() + "'";
        };
    }

    /** {@code s} as a JSON string literal, shortened, for an error message. */
    static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsCharArray(abbreviate(s))) + "\"";
    }

    /** Shortens a value quoted in an error message, so a huge field does not make a huge header. */
    static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }

    private static String expectedShapeOf(JavaType type) {
        return type.isCollectionLikeType() || type.isArrayType() ? "an array" : "an object";
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void strict(SimpleDeserializers readers, JsonToken token, String expected, Read<?> read,
                               Class<?>... types) {
        for (Class type : types) {
            readers.addDeserializer(type, new Scalar<>(type, token, expected, read));
        }
    }

    private static MismatchedInputException problem(JsonParser p, Class<?> type, String problem) {
        return MismatchedInputException.from(p, type, problem);
    }

    private static UUID uuid(JsonParser p, String text) {
        if (!UUID_TEXT.matcher(text).matches()) {
            throw problem(p, UUID.class, "expected a UUID (8-4-4-4-12 hex digits) but was " + quote(text));
        }
        return UUID.fromString(text);
    }

    private static Instant instant(JsonParser p, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw problem(p, Instant.class,
                    "expected an ISO-8601 UTC timestamp such as 2025-08-17T02:00:00Z but was " + quote(text));
        }
    }

    private static long integer(JsonParser p, long min, long max) {
        JsonParser.NumberType type = p.getNumberType();
        if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
            throw problem(p, Long.class, "integer " + abbreviate(p.getString()) + " is out of range");
        }
        long value = p.getLongValue();
        if (value < min || value > max) {
            throw problem(p, Long.class, "integer " + value + " is out of range [" + min + ", " + max + "]");
        }
        return value;
    }

    /** Reads the value of one wire type from its token. */
    private interface Read<T> {
        T read(JsonParser p, String text);
    }

    /**
     * A value of one JSON token type and nothing else. {@code null} on the wire is {@code null}, or {@code 0} /
     * {@code false} for a primitive, as is an absent member.
     */
    private static final class Scalar<T> extends StdDeserializer<T> {

        private final JsonToken token;
        private final String expected;
        private final Read<T> read;

        /** @param token the token a value must be; {@code null} for a boolean (either literal) */
        Scalar(Class<?> type, JsonToken token, String expected, Read<T> read) {
            super(type);
            this.token = token;
            this.expected = expected;
            this.read = read;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) {
            JsonToken actual = p.currentToken();
            boolean matches = token == null ? actual == JsonToken.VALUE_TRUE || actual == JsonToken.VALUE_FALSE
                    : actual == token;
            if (!matches) {
                String problem = token == JsonToken.VALUE_NUMBER_INT && actual == JsonToken.VALUE_NUMBER_FLOAT
                        ? "expected an integer but was " + abbreviate(p.getString())
                        : "expected " + expected + " but was " + describe(p);
                throw problem(p, handledType(), problem);
            }
            return read.read(p, token == JsonToken.VALUE_STRING ? p.getString() : null);
        }

        @Override
        @SuppressWarnings("unchecked")
        public T getNullValue(DeserializationContext ctxt) {
            Class<?> type = handledType();
            if (!type.isPrimitive()) {
                return null;
            }
            return (T) (type == Boolean.TYPE ? Boolean.FALSE : type == Integer.TYPE ? (Object) 0 : (Object) 0L);
        }

        @Override
        public Object getAbsentValue(DeserializationContext ctxt) {
            return getNullValue(ctxt);
        }
    }

    /** The scalar readers above, and {@link EnumValue} for every enum of the contract. */
    private static final class StrictDeserializers extends SimpleDeserializers {

        @Override
        public ValueDeserializer<?> findEnumDeserializer(JavaType type, DeserializationConfig config,
                                                         BeanDescription.Supplier beanDescRef) {
            return new EnumValue(type.getRawClass());
        }

        @Override
        public boolean hasDeserializerFor(DeserializationConfig config, Class<?> valueType) {
            return valueType.isEnum() || super.hasDeserializerFor(config, valueType);
        }
    }

    /** An enum constant by its exact name; no index, no case folding, no {@code toString()}. */
    private static final class EnumValue extends StdDeserializer<Object> {

        private final Object[] constants;

        EnumValue(Class<?> type) {
            super(type);
            this.constants = type.getEnumConstants();
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw problem(p, handledType(), "expected a string but was " + describe(p));
            }
            String text = p.getString();
            for (Object constant : constants) {
                if (((Enum<?>) constant).name().equals(text)) {
                    return constant;
                }
            }
            throw problem(p, handledType(), "expected one of " + Arrays.toString(constants) + " but was " + quote(text));
        }
    }

    /** Decoded lists and maps are unmodifiable (maps keep the document's order): an event is immutable. */
    private static final class UnmodifiableContainers extends ValueDeserializerModifier {

        private static final StdConverter<Object, Object> UNMODIFIABLE = new StdConverter<>() {
            @Override
            public Object convert(Object value) {
                return value instanceof List<?> list ? Collections.unmodifiableList(list)
                        : Collections.unmodifiableMap((Map<?, ?>) value);
            }
        };

        @Override
        public ValueDeserializer<?> modifyCollectionDeserializer(DeserializationConfig config, CollectionType type,
                                                                 BeanDescription.Supplier beanDescRef,
                                                                 ValueDeserializer<?> deserializer) {
            // Jackson has already made the declared List an ArrayList here; the contract only declares List.
            return List.class.isAssignableFrom(type.getRawClass())
                    ? new StdConvertingDeserializer<>(UNMODIFIABLE, type, deserializer) : deserializer;
        }

        @Override
        public ValueDeserializer<?> modifyMapDeserializer(DeserializationConfig config, MapType type,
                                                          BeanDescription.Supplier beanDescRef,
                                                          ValueDeserializer<?> deserializer) {
            return Map.class.isAssignableFrom(type.getRawClass())
                    ? new StdConvertingDeserializer<>(UNMODIFIABLE, type, deserializer) : deserializer;
        }
    }
}
