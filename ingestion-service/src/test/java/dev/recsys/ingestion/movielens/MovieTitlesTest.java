package dev.recsys.ingestion.movielens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class MovieTitlesTest {

    @Test
    void splitsTheTrailingYear() {
        assertEquals(new MovieTitles.TitleAndYear("American President, The", 1995),
                MovieTitles.split("American President, The (1995)"));
        assertEquals(new MovieTitles.TitleAndYear("City of Lost Children, The (Cité des enfants perdus, La)", 1995),
                MovieTitles.split("City of Lost Children, The (Cité des enfants perdus, La) (1995)"));
        assertEquals(new MovieTitles.TitleAndYear("Babylon 5", 1994), MovieTitles.split("Babylon 5 (1994) "));
        assertEquals(new MovieTitles.TitleAndYear("Fawlty Towers", 1975), MovieTitles.split("Fawlty Towers (1975-1979)"));
    }

    @Test
    void keepsTitlesWithoutAYear() {
        MovieTitles.TitleAndYear noYear = MovieTitles.split("Hyena Road");
        assertEquals("Hyena Road", noYear.title());
        assertNull(noYear.year());
        assertEquals("(1995)", MovieTitles.split("(1995)").title(), "a title that is only a year stays a title");
    }
}
