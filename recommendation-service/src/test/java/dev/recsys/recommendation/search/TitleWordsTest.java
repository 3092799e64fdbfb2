package dev.recsys.recommendation.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TitleWordsTest {

    @Test
    void queriesAndMovieLensTitlesMeetInOneKey() {
        assertEquals("matrix", TitleWords.key("Matrix, The"));
        assertEquals("matrix", TitleWords.key("the matrix"));
        assertEquals("matrix", TitleWords.key("  MATRIX!  "));
        assertEquals("schindlers list", TitleWords.key("Schindler's List"));
        assertEquals("schindlers list", TitleWords.key("schindlers list"));
        assertEquals("amelie", TitleWords.key("Amélie"));
        assertEquals("la haine", TitleWords.key("Haine, La"));
        assertEquals("wall e", TitleWords.key("WALL·E"));
        assertEquals("the", TitleWords.key("The"), "a query of only an article keeps it");
        assertEquals("", TitleWords.key("?!"));
        assertEquals(List.of("city of lost children", "la cite des enfants perdus"),
                TitleWords.keys("City of Lost Children, The (Cité des enfants perdus, La)"));
    }

    @Test
    void titlesAreFoundByKeyPrefixAndByTheirWords() {
        SearchIndex index = new SearchIndex(List.of(
                new SearchIndex.Movie(1, "Toy Story", 1995, List.of("Animation"), null),
                new SearchIndex.Movie(2, "Toy Story 2", 1999, List.of("Animation"), null),
                new SearchIndex.Movie(3, "Story of the Toy Maker, The", 1950, List.of("Drama"), null),
                new SearchIndex.Movie(4, "Toys", 1992, List.of("Comedy"), null)), Instant.EPOCH);
        int[] exact = new int[4];
        int[] prefix = new int[4];
        index.titlesStartingWith("toy story", row -> exact[row]++, row -> prefix[row]++);
        assertArrayEquals(new int[] {1, 0, 0, 0}, exact);
        assertArrayEquals(new int[] {0, 1, 0, 0}, prefix);
        assertArrayEquals(new int[] {0, 1, 2}, index.titlesWithWords(new String[] {"toy", "story"}));
        assertArrayEquals(new int[] {0, 1, 2}, index.titlesWithWords(new String[] {"story", "toy"}));
        assertArrayEquals(new int[] {0, 1, 2, 3}, index.titlesWithWords(new String[] {"toy"}), "the last word may be unfinished");
        assertArrayEquals(new int[0], index.titlesWithWords(new String[] {"toys", "story"}));
        assertEquals(0, index.embeddedCount());
    }
}
