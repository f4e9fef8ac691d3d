package com.aquastream.backup.events;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventCodecTest {

    private static final String EVENT_ID = "0b6f2a3e-1c4d-4e5f-8a9b-0c1d2e3f4a5b";
    private static final String COMMON = """
            "eventId": "0b6f2a3e-1c4d-4e5f-8a9b-0c1d2e3f4a5b",
            "occurredAt": "2025-08-17T02:00:00Z",
            "database": "aquastream",
            "schema": "user"
            """;

    private final EventCodec codec = new EventCodec();

    @Test
    void ignoresUnknownFields() {
        byte[] json = json("""
                {"eventId": "%s", "occurredAt": "2025-08-17T02:00:00Z", "database": "aquastream", "schema": "user",
                 "addedInV1_1": "x", "futureObject": {"a": [1, {"b": null}], "c": {}}, "futureArray": [[], [true]],
                 "backupId": "8d2e4f61-0a3b-4c5d-9e7f-1a2b3c4d5e6f",
                 "objects": [{"tier": "DAILY", "key": "k", "storageClass": {"name": "GLACIER"}}],
                 "reason": "r", "alsoLater": -1.5e10}
                """.formatted(EVENT_ID));

        BackupExpired event = codec.decode(json, BackupExpired.class);

        assertThat(event).isEqualTo(new BackupExpired(UUID.fromString(EVENT_ID), Instant.parse("2025-08-17T02:00:00Z"),
                "aquastream", "user", UUID.fromString("8d2e4f61-0a3b-4c5d-9e7f-1a2b3c4d5e6f"),
                List.of(new StoredObject(Tier.DAILY, "k")), "r"));
    }

    @Test
    void omitsNullFields() {
        BackupRequested event = givenABackupRequestWithOnlyTheCommonFields();

        String json = new String(codec.encode(event), UTF_8);

        assertThat(json).isEqualTo("{\"eventId\":\"" + EVENT_ID + "\",\"occurredAt\":\"2025-08-17T02:00:00Z\","
                + "\"database\":\"aquastream\",\"schema\":\"user\"}");
    }

    @Test
    void writesFieldsInComponentOrderWithTheirWireTypes() {
        BackupFailed event = new BackupFailed(UUID.fromString(EVENT_ID), Instant.parse("2025-08-17T02:00:00.120Z"),
                "aquastream", "user", UUID.fromString("3f1c9a52-7b0e-5d8a-9c41-2e6f0b7d8a13"), 2, false, "timeout");

        String json = new String(codec.encode(event), UTF_8);

        assertThat(json).isEqualTo("{\"eventId\":\"" + EVENT_ID + "\",\"occurredAt\":\"2025-08-17T02:00:00.120Z\","
                + "\"database\":\"aquastream\",\"schema\":\"user\","
                + "\"requestId\":\"3f1c9a52-7b0e-5d8a-9c41-2e6f0b7d8a13\",\"attempt\":2,\"retryable\":false,"
                + "\"reason\":\"timeout\"}");
    }

    @Test
    void readsAbsentOptionalFieldsAsNullAndAbsentPrimitivesAsZero() {
        byte[] json = json("{" + COMMON + ", \"reason\": null}");

        BackupFailed event = codec.decode(json, BackupFailed.class);

        assertThat(event.requestId()).isNull();
        assertThat(event.reason()).isNull();
        assertThat(event.attempt()).isZero();
        assertThat(event.retryable()).isFalse();
    }

    @Test
    void leavesSafetyBackupNullWhenAbsentSoTheDefaultApplies() {
        byte[] json = json("{" + COMMON + ", \"mode\": \"VERIFY\"}");

        RestoreRequested event = codec.decode(json, RestoreRequested.class);

        assertThat(event.safetyBackup()).isNull();
        assertThat(event.safetyBackupOrDefault()).isTrue();
        assertThat(event.mode()).isEqualTo(RestoreMode.VERIFY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"eventId", "occurredAt", "database", "schema"})
    void rejectsAnEventWithoutARequiredField(String field) {
        Map<String, Object> golden = GoldenFiles.object(GoldenFiles.read(Topics.BACKUP_COMPLETED));
        golden.remove(field);
        byte[] json = json(GoldenFiles.toJson(golden));

        assertThatThrownBy(() -> codec.decode(json, Topics.BACKUP_COMPLETED))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("malformed backup.completed.v1 event: required field '" + field + "' is missing")
                .extracting(e -> ((MalformedEventException) e).field()).isEqualTo(field);
    }

    @Test
    void rejectsAnEventWhoseRequiredFieldIsNull() {
        byte[] json = json("{" + COMMON.replace("\"aquastream\"", "null") + "}");

        assertThatThrownBy(() -> codec.decode(json, BackupFailed.class))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("required field 'database' is null");
    }

    @Test
    void rejectsTruncatedJson() {
        byte[] golden = GoldenFiles.read(Topics.BACKUP_COMPLETED);
        byte[] truncated = java.util.Arrays.copyOf(golden, golden.length / 2);

        assertThatThrownBy(() -> codec.decode(truncated, Topics.BACKUP_COMPLETED))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("malformed backup.completed.v1 event: malformed JSON at line ");
    }

    @Test
    void rejectsAFieldOfTheWrongJsonType() {
        byte[] json = json("{" + COMMON.replace("\"schema\": \"user\"", "\"schema\": 5") + "}");

        assertThatThrownBy(() -> codec.decode(json, Topics.BACKUP_FAILED))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("malformed backup.failed.v1 event: field 'schema': expected a string but was a number (5)");
    }

    @Test
    void rejectsAnInvalidUuid() {
        byte[] json = json("{" + COMMON + ", \"requestId\": \"1-2-3-4-5\"}");

        assertThatThrownBy(() -> codec.decode(json, Topics.BACKUP_FAILED))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("field 'requestId': expected a UUID")
                .hasMessageContaining("\"1-2-3-4-5\"");
    }

    @Test
    void rejectsAnUnknownEnumConstantInANestedRecord() {
        byte[] json = json("{" + COMMON + ", \"objects\": [{\"tier\": \"DAILY\", \"key\": \"a\"},"
                + " {\"tier\": \"YEARLY\", \"key\": \"b\"}]}");

        assertThatThrownBy(() -> codec.decode(json, Topics.BACKUP_EXPIRED))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("malformed backup.expired.v1 event: field 'objects[1].tier': expected one of "
                        + "[DAILY, WEEKLY, MONTHLY, MANUAL, PRE_RESTORE] but was \"YEARLY\"")
                .extracting(e -> ((MalformedEventException) e).field()).isEqualTo("objects[1].tier");
    }

    @Test
    void rejectsATimestampThatIsNotIsoUtc() {
        byte[] json = json("{" + COMMON.replace("2025-08-17T02:00:00Z", "17.08.2025 02:00") + "}");

        assertThatThrownBy(() -> codec.decode(json, Topics.BACKUP_FAILED))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("field 'occurredAt': expected an ISO-8601 UTC timestamp");
    }

    @Test
    void rejectsAFractionalInteger() {
        byte[] json = json("{" + COMMON + ", \"attempt\": 1.5}");

        assertThatThrownBy(() -> codec.decode(json, Topics.BACKUP_FAILED))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("field 'attempt': expected an integer but was 1.5");
    }

    @Test
    void rejectsAnIntegerOutOfRange() {
        byte[] json = json("{" + COMMON + ", \"attempt\": 2147483648}");

        assertThatThrownBy(() -> codec.decode(json, Topics.BACKUP_FAILED))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("field 'attempt': integer 2147483648 is out of range");
    }

    @Test
    void rejectsAMapValueOfTheWrongType() {
        byte[] json = json("{" + COMMON + ", \"tableRowCounts\": {\"user.users\": 1, \"user.sessions\": \"many\"}}");

        assertThatThrownBy(() -> codec.decode(json, Topics.BACKUP_COMPLETED))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("field 'tableRowCounts[\"user.sessions\"]': expected an integer but was a string");
    }

    @Test
    void rejectsNullListElements() {
        byte[] json = json("{" + COMMON + ", \"tiers\": [\"DAILY\", null]}");

        assertThatThrownBy(() -> codec.decode(json, Topics.BACKUP_REQUESTED))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("field 'tiers[1]': null is not allowed");
    }

    @Test
    void rejectsNullMapValues() {
        byte[] json = json("{" + COMMON + ", \"tableRowCounts\": {\"user.users\": null}}");

        assertThatThrownBy(() -> codec.decode(json, Topics.BACKUP_COMPLETED))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("field 'tableRowCounts[\"user.users\"]': null is not allowed");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"objects\": \"x\"                | field 'objects': expected an array but was a string (\"x\")",
            "\"objects\": {}                   | field 'objects': expected an array but was an object",
            "\"objects\": [1]                  | field 'objects[0]': expected an object but was a number (1)",
            "\"objects\": [[]]                 | field 'objects[0]': expected an object but was an array",
            "\"objects\": [{\"tier\": {}}]     | field 'objects[0].tier': expected a string but was an object"})
    void namesTheFieldWhoseShapeIsWrong(String member, String problem) {
        byte[] json = json("{" + COMMON + ", " + member + "}");

        assertThatThrownBy(() -> codec.decode(json, Topics.BACKUP_EXPIRED))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("malformed backup.expired.v1 event: " + problem);
    }

    @Test
    void rejectsTrailingGarbage() {
        byte[] json = json("{" + COMMON + "} {}");

        assertThatThrownBy(() -> codec.decode(json, Topics.BACKUP_FAILED))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("after the end of the JSON value");
    }

    @Test
    void rejectsNestingDeeperThanTheLimitEvenInUnknownFields() {
        String deep = "[".repeat(EventCodec.MAX_DEPTH) + "]".repeat(EventCodec.MAX_DEPTH);
        byte[] json = json("{" + COMMON + ", \"future\": " + deep + "}");

        assertThatThrownBy(() -> codec.decode(json, Topics.BACKUP_FAILED))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("nesting deeper than " + EventCodec.MAX_DEPTH + " levels");
    }

    @Test
    void acceptsNestingUpToTheLimit() {
        String deep = "[".repeat(EventCodec.MAX_DEPTH - 1) + "]".repeat(EventCodec.MAX_DEPTH - 1);
        byte[] json = json("{" + COMMON + ", \"future\": " + deep + "}");

        BackupFailed event = codec.decode(json, BackupFailed.class);

        assertThat(event.schema()).isEqualTo("user");
    }

    @Test
    void rejectsADocumentLargerThanTheLimit() {
        byte[] json = json("{" + COMMON + ", \"reason\": \"" + "x".repeat(EventCodec.MAX_DOCUMENT_BYTES) + "\"}");

        assertThatThrownBy(() -> codec.decode(json, Topics.BACKUP_FAILED))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("exceeds the limit of " + EventCodec.MAX_DOCUMENT_BYTES + " bytes");
    }

    @Test
    void rejectsDuplicateKeys() {
        byte[] json = json("{" + COMMON + ", \"schema\": \"billing\"}");

        assertThatThrownBy(() -> codec.decode(json, Topics.BACKUP_FAILED))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("duplicate key \"schema\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "[]", "\"event\"", "null", "{\"eventId\": }", "{'eventId': 1}", "{\"a\": 01}",
            "{\"a\": \"\\x\"}", "{\"a\": \"tab\there\"}", "{\"a\": tru}", "{\"a\": 1,}"})
    void rejectsDocumentsThatAreNotAJsonObject(String document) {
        byte[] json = json(document);

        assertThatThrownBy(() -> codec.decode(json, Topics.BACKUP_FAILED))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("malformed backup.failed.v1 event: ");
    }

    @Test
    void rejectsBytesThatAreNotUtf8() {
        byte[] json = json("{" + COMMON + ", \"reason\": \"\u00e9\"}");
        byte[] latin1 = new String(json, UTF_8).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> codec.decode(latin1, Topics.BACKUP_FAILED))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("not valid UTF-8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"C0 80", "E0 80 80", "F0 80 80 80", "ED A0 80", "F4 90 80 80", "F8 88 80 80 80", "80", "E9"})
    void rejectsMalformedUtf8InsideAString(String hexBytes) {
        byte[] json = withBytesInReason(hexBytes);

        assertThatThrownBy(() -> codec.decode(json, Topics.BACKUP_FAILED))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("malformed backup.failed.v1 event: document is not valid UTF-8");
    }

    @Test
    void rejectsAUnicodeEscapeWhoseDigitIsNotAsciiHex() {
        // U+0E33's low byte is '3': a parser that looked only at it would read \u00B3.
        byte[] json = json("{" + COMMON + ", \"reason\": \"\\u00B\u0e33\"}");

        assertThatThrownBy(() -> codec.decode(json, Topics.BACKUP_FAILED))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("invalid hex digit in \\u escape");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"schema | true", "attempt | \"2\"", "attempt | 2.0", "attempt | 2e0",
            "retryable | 1", "retryable | \"true\"", "reason | 5", "reason | [\"x\"]", "reason | {}",
            "requestId | \"AAAAAAAAAAAAAAAAAAAAAA==\"", "requestId | \"\"", "occurredAt | 1755396000",
            "occurredAt | \"\"", "occurredAt | \"2025-08-17T02:00:00\""})
    void refusesAValueOfAnotherWireTypeInsteadOfCoercingIt(String field, String value) {
        byte[] json = json(("{\"eventId\": \"%s\", \"occurredAt\": \"2025-08-17T02:00:00Z\", \"database\": \"aquastream\","
                + " \"schema\": \"user\", \"requestId\": \"3f1c9a52-7b0e-5d8a-9c41-2e6f0b7d8a13\", \"attempt\": 1,"
                + " \"retryable\": true, \"reason\": \"r\"}").formatted(EVENT_ID)
                .replaceFirst("\"" + field + "\": (\"[^\"]*\"|[^,}]*)", "\"" + field + "\": " + value.replace("$", "\\$")));

        assertThatThrownBy(() -> codec.decode(json, Topics.BACKUP_FAILED))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("malformed backup.failed.v1 event: field '" + field + "': expected ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"mode\": 0", "\"mode\": \"verify\"", "\"mode\": \"\"", "\"safetyBackup\": 0"})
    void refusesEnumIndexesAndOtherSpellings(String member) {
        byte[] json = json("{" + COMMON + ", " + member + "}");

        assertThatThrownBy(() -> codec.decode(json, Topics.RESTORE_REQUESTED))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("field '" + member.substring(1, member.indexOf('"', 1)) + "': expected ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"objects\": [{\"tier\": \"DAILY\", \"key\": \"a\", \"tier\": \"WEEKLY\"}]",
            "\"future\": {\"a\": [{\"b\": 1, \"b\": 2}]}"})
    void rejectsDuplicateKeysAtAnyDepthEvenInUnknownMembers(String member) {
        byte[] json = json("{" + COMMON + ", " + member + "}");

        assertThatThrownBy(() -> codec.decode(json, Topics.BACKUP_EXPIRED))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("duplicate key");
    }

    @Test
    void acceptsLongNamesAndNumbersInUnknownMembers() {
        byte[] json = json("{" + COMMON + ", \"" + "n".repeat(100_000) + "\": " + "9".repeat(100_000) + "}");

        BackupFailed event = codec.decode(json, BackupFailed.class);

        assertThat(event.schema()).isEqualTo("user");
    }

    @Test
    void acceptsADocumentOfExactlyTheLimit() {
        String start = "{" + COMMON + ", \"reason\": \"";
        String end = "\"}";
        byte[] json = json(start + "x".repeat(EventCodec.MAX_DOCUMENT_BYTES - start.length() - end.length()) + end);

        BackupFailed event = codec.decode(json, BackupFailed.class);

        assertThat(json).hasSize(EventCodec.MAX_DOCUMENT_BYTES);
        assertThat(event.reason()).hasSize(EventCodec.MAX_DOCUMENT_BYTES - start.length() - end.length());
    }

    @Test
    void refusesToEncodeANullListElement() {
        BackupRequested event = new BackupRequested(UUID.fromString(EVENT_ID), Instant.now(), "aquastream", "user",
                null, java.util.Arrays.asList(Tier.DAILY, null), null, null, null);

        assertThatThrownBy(() -> codec.encode(event))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tiers[1]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"backup.completed.v2", "backup.completed.DLT", "backup.unknown", ""})
    void rejectsATypeOutsideTheContract(String type) {
        byte[] json = GoldenFiles.read(Topics.BACKUP_COMPLETED);

        assertThatThrownBy(() -> codec.decode(json, type))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("unknown event type '" + type + "'");
    }

    @Test
    void roundTripsStringsThatNeedEscaping() {
        String reason = "quote \" backslash \\ slash / newline \n tab \t nul \u0000 bell \u0007 del \u007f "
                + "line separator \u2028 \u00e9 \u4e2d emoji \ud83d\udca5 lone high \ud800 lone low \udc00 end";
        BackupFailed event = new BackupFailed(UUID.fromString(EVENT_ID), Instant.parse("2025-08-17T02:00:00Z"),
                "aquastream", "user", null, 1, true, reason);

        byte[] json = codec.encode(event);

        assertThat(codec.decode(json, BackupFailed.class)).isEqualTo(event);
        assertThat(new String(json, UTF_8))
                .contains("quote \\\" backslash \\\\ slash / newline \\n tab \\t nul \\u0000 bell \\u0007")
                .contains("emoji \ud83d\udca5 lone high \\uD800 lone low \\uDC00 end");
    }

    @Test
    void readsEscapesOtherEncodersWrite() {
        byte[] json = json("{" + COMMON + ", \"reason\": \"\\u00e9\\/\\ud83d\\udca5\\b\\f\\r\"}");

        BackupFailed event = codec.decode(json, BackupFailed.class);

        assertThat(event.reason()).isEqualTo("\u00e9/\ud83d\udca5\b\f\r");
    }

    @Test
    void keepsTheOrderOfMapsAndReturnsUnmodifiableCollections() {
        byte[] json = json("{" + COMMON + ", \"tiers\": [\"WEEKLY\"], \"tableRowCounts\": {\"z\": 3, \"a\": 1, \"m\": 2}}");

        BackupCompleted event = codec.decode(json, BackupCompleted.class);

        assertThat(event.tableRowCounts().keySet()).containsExactly("z", "a", "m");
        assertThatThrownBy(() -> event.tableRowCounts().put("b", 4L)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> event.tiers().add(Tier.DAILY)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesToEncodeAnEventWithoutARequiredField() {
        BackupRequested event = new BackupRequested(UUID.fromString(EVENT_ID), Instant.now(), "aquastream", null,
                null, null, null, null, null);

        assertThatThrownBy(() -> codec.encode(event))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("required field 'schema' is null");
    }

    @Test
    void resolvesTopicsAndCloudEventsTypesToEventClasses() {
        assertThat(EventCodec.eventClassOf("backup.completed")).isEqualTo(BackupCompleted.class);
        assertThat(EventCodec.eventClassOf("backup.completed.v1")).isEqualTo(BackupCompleted.class);
        assertThat(EventCodec.eventClassOf("backup.completed.v2")).isNull();
        assertThat(EventCodec.eventClassOf("backup.completed.DLT")).isNull();
        assertThat(EventCodec.eventClassOf(null)).isNull();
    }

    private static BackupRequested givenABackupRequestWithOnlyTheCommonFields() {
        return new BackupRequested(UUID.fromString(EVENT_ID), Instant.parse("2025-08-17T02:00:00Z"), "aquastream",
                "user", null, null, null, null, null);
    }

    private static byte[] withBytesInReason(String hexBytes) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(json("{" + COMMON + ", \"reason\": \"x"));
        for (String hex : hexBytes.split(" ")) {
            out.write(Integer.parseInt(hex, 16));
        }
        out.writeBytes(json("y\"}"));
        return out.toByteArray();
    }

    private static byte[] json(String text) {
        return text.getBytes(UTF_8);
    }
}
