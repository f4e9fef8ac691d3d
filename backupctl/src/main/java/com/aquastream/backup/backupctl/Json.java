package com.aquastream.backup.backupctl;

import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.EventCodec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The CLI's {@code --json} output: plain Jackson for its own documents, the contract's codec for events. */
final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final EventCodec CODEC = new EventCodec();

    private Json() {
    }

    static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** An event as the contract writes it, as a tree to embed in an output document. */
    static JsonNode event(Event event) {
        return MAPPER.readTree(CODEC.encode(event));
    }

    static JsonNode read(String json) {
        return MAPPER.readTree(json);
    }

    /**
     * The catalog's answer to {@code path}, which must be a JSON list (of {@code what}).
     *
     * @throws BackupctlException ({@link Exit#ERROR}) when it is not JSON or not a list
     */
    static JsonNode catalogList(String body, String path, String what) {
        JsonNode rows;
        try {
            rows = read(body);
        } catch (JacksonException e) {
            throw new BackupctlException(Exit.ERROR, "the catalog's " + path + " is not JSON: "
                    + e.getOriginalMessage());
        }
        if (!rows.isArray()) {
            throw new BackupctlException(Exit.ERROR, "the catalog's " + path + " is not a list of " + what);
        }
        return rows;
    }
}
