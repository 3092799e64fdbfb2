package dev.recsys.text;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextEmbedderTest {

    private static TextEmbedder embedder;

    @BeforeAll
    static void load() {
        embedder = new TextEmbedder(2);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Test
    void vectorsAreUnitLengthAndTheSameEveryTime() {
        float[] first = embedder.embed("Toy Story");
        float[] again = embedder.embedAll(List.of("The Godfather", "Toy Story")).get(1);
        assertEquals(TextEmbedder.DIMENSIONS, first.length);
        assertEquals(1.0, TextEmbedder.cosine(first, first), 1e-4);
        assertArrayEquals(first, again, 1e-5f);
    }

    @Test
    void aSequelIsNearerItsPredecessorThanAnUnrelatedMovie() {
        List<float[]> vectors = embedder.embedAll(List.of("Toy Story 3", "Toy Story", "The Godfather Part II"));
        float sequel = TextEmbedder.cosine(vectors.get(0), vectors.get(1));
        float unrelated = TextEmbedder.cosine(vectors.get(0), vectors.get(2));
        assertTrue(sequel > 0.8, "Toy Story 3 ~ Toy Story: " + sequel);
        assertTrue(unrelated < 0.5, "Toy Story 3 ~ The Godfather Part II: " + unrelated);
    }

    @Test
    void aParaphrasedPlotFindsItsMovie() {
        List<float[]> vectors = embedder.embedAll(List.of(
                "a crew of thieves robs a casino in Las Vegas",
                new MovieText("Ocean's Eleven", List.of("heist"), List.of(), "Danny Ocean and his gang plan to steal from three casinos.").text(),
                new MovieText("Finding Nemo", List.of("pixar"), List.of(), "A clownfish searches the ocean for his lost son.").text()));
        assertTrue(TextEmbedder.cosine(vectors.get(0), vectors.get(1)) > TextEmbedder.cosine(vectors.get(0), vectors.get(2)));
    }

    @Test
    void aBlankTextStillGetsAVector() {
        assertEquals(TextEmbedder.DIMENSIONS, embedder.embed("  ").length);
        // Invisible to Java's isBlank, empty to the tokenizer: a zero-width space, a byte-order mark, a soft hyphen.
        float[] neutral = embedder.embed("  ");
        for (String invisible : new String[] {"\u200B", "\uFEFF", "\u00AD", "\uFFFD\uFFFD"}) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(neutral, embedder.embed(invisible), 1e-6f);
            assertEquals(1, embedder.embedAll(java.util.List.of(invisible)).size());
        }
    }
}
