package dev.recsys.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MovieTextTest {

    @Test
    void titleTagsAndPlotMakeOneText() {
        MovieText text = new MovieText("Toy Story", List.of("Pixar ", "pixar", "fun"), List.of("animation", "FUN"),
                "A cowboy doll feels threatened by a new toy.");
        assertEquals("Toy Story. Tags: pixar, fun, animation. Plot: A cowboy doll feels threatened by a new toy.", text.text());
    }

    @Test
    void onlyTheMostFrequentTagsAreKept() {
        List<String> tags = List.of("t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9", "t10", "t11");
        assertEquals("Heat. Tags: t1, t2, t3, t4, t5, t6, t7, t8, t9, t10", new MovieText("Heat", tags, List.of(), null).text());
    }

    @Test
    void aLongPlotIsCutAtASentenceEnd() {
        String sentence = "This sentence has exactly fifty characters in it. ";
        String text = new MovieText("Epic", List.of(), List.of(), sentence.repeat(40)).text();
        assertTrue(text.endsWith("in it."), text);
        assertTrue(text.length() < "Epic. Plot: ".length() + MovieText.MAX_PLOT_CHARACTERS + 1);
    }

    @Test
    void theHashFollowsTheText() {
        assertEquals(new MovieText("Heat", List.of("heist"), List.of(), null).textHash(),
                new MovieText(" Heat", List.of("Heist"), List.of(), "").textHash());
        assertNotEquals(MovieText.ofTitle("Heat").textHash(), MovieText.ofTitle("Heat 2").textHash());
        assertEquals(64, MovieText.ofTitle("Heat").textHash().length());
    }
}
