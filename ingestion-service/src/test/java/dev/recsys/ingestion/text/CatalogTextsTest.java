package dev.recsys.ingestion.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CatalogTextsTest {

    @Test
    void titlesReadAsPeopleSayThem() {
        assertEquals("The Shawshank Redemption", CatalogTexts.readableTitle("Shawshank Redemption, The"));
        assertEquals("A Bug's Life", CatalogTexts.readableTitle("Bug's Life, A"));
        assertEquals("The City of Lost Children (Cité des enfants perdus, La)",
                CatalogTexts.readableTitle("City of Lost Children, The (Cité des enfants perdus, La)"));
        assertEquals("The Good, the Bad and the Ugly", CatalogTexts.readableTitle("Good, the Bad and the Ugly, The"));
        assertEquals("Toy Story", CatalogTexts.readableTitle(" Toy Story "));
        assertEquals("Thelma & Louise", CatalogTexts.readableTitle("Thelma & Louise"));
    }
}
