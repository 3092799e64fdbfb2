package dev.recsys.platform.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StrictJsonTest {

    enum Colour { RED, GREEN }

    record Request(String name, int count, Colour colour) {
    }

    static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        new StrictJson().customize(MAPPER);
    }

    @Test
    void aWellFormedBodyIsRead() throws JsonProcessingException {
        assertEquals(new Request("a", 3, Colour.GREEN),
                MAPPER.readValue("{\"name\": \"a\", \"count\": 3, \"colour\": \"GREEN\"}", Request.class));
    }

    @Test
    void whatALenientParserWouldGuessIsRefused() {
        refused(body("\"a\"", "3", "\"RED\"").replace("}", ", \"cuont\": 3}"), "Unrecognized field \"cuont\"");
        refused(body("\"a\"", "3", "\"RED\"") + " {}", "Trailing token");
        refused(body("\"a\"", "2.5", "\"RED\""), "count");
        refused(body("\"a\"", "\"3\"", "\"RED\""), "count");
        refused(body("\"a\"", "null", "\"RED\""), "count");
        refused(body("7", "3", "\"RED\""), "name");
        refused(body("\"a\"", "3", "1"), "Colour");
        refused(body("\"a\\u0000b\"", "3", "\"RED\""), "NUL character");
    }

    /** A request body with the three fields written as given. */
    private static String body(String name, String count, String colour) {
        return "{\"name\": " + name + ", \"count\": " + count + ", \"colour\": " + colour + "}";
    }

    private static void refused(String json, String expected) {
        JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> MAPPER.readValue(json, Request.class),
                json);
        assertTrue(e.getMessage().contains(expected), json + " -> " + e.getMessage());
    }
}
