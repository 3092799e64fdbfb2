package dev.recsys.ingestion.tmdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Python literals The Movies Dataset writes, as Python's own repr() writes them. */
class PythonLiteralTest {

    @Test
    void listsOfDictsWithEveryQuotingPythonUses() {
        Object value = PythonLiteral.parse("[{'id': 16, 'name': 'Animation'}, {'name': \"Andy's Toys\", 'id': 99}, "
                + "{'name': 'Mo\\' \"Big\" Films', 'id': 8}]");
        assertEquals(List.of(Map.of("id", 16L, "name", "Animation"), Map.of("name", "Andy's Toys", "id", 99L),
                Map.of("name", "Mo' \"Big\" Films", "id", 8L)), value);
    }

    @Test
    void noneTrueFalseNumbersAndEscapes() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("collection", null);
        expected.put("adult", false);
        expected.put("video", true);
        expected.put("popularity", 21.946943);
        expected.put("count", -3L);
        expected.put("text", "Ørnås\né\\d\t\u00e9");
        assertEquals(expected, PythonLiteral.parse(
                "{'collection': None, 'adult': False, 'video': True, 'popularity': 21.946943, 'count': -3, "
                        + "'text': '\u00d8rn\u00e5s\\n\\xe9\\\\d\\t\\u00e9'}"));
        assertNull(PythonLiteral.parse(" None "));
        assertEquals(List.of(), PythonLiteral.parse("[]"));
        assertEquals(List.of(1L, 2L), PythonLiteral.parse("(1, 2,)"));
    }

    @Test
    void malformedLiteralsSayWhatAndWhere() {
        assertEquals("expected ',' or ']' at the end of the text", assertThrows(PythonLiteral.MalformedLiteral.class,
                () -> PythonLiteral.parse("[{'id': 16, 'name': 'Animation'}")).getMessage());
        assertEquals("a string that is never closed at character 2", assertThrows(PythonLiteral.MalformedLiteral.class,
                () -> PythonLiteral.parse("['Toy Story")).getMessage());
        assertEquals("unexpected ']' after the value at character 3", assertThrows(PythonLiteral.MalformedLiteral.class,
                () -> PythonLiteral.parse("[]]")).getMessage());
        assertEquals("expected a value (a list, a dict, a string, a number, None, True or False) at character 2",
                assertThrows(PythonLiteral.MalformedLiteral.class, () -> PythonLiteral.parse("[null]")).getMessage());
        assertEquals("nested deeper than 32 levels at character 33", assertThrows(PythonLiteral.MalformedLiteral.class,
                () -> PythonLiteral.parse("[".repeat(40) + "]".repeat(40))).getMessage());
    }
}
