package dev.recsys.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.model.hybrid.ItemContent;
import dev.recsys.model.hybrid.ModelArtifact;
import dev.recsys.text.MovieText;
import dev.recsys.text.StoredVectors;
import dev.recsys.text.TextEmbedder;
import dev.recsys.training.dataset.CatalogDataset;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A training run reads the catalog's stored movie text vectors: the version it registers reads text. The
 * dataset also carries each movie's release-text vector (the public-rating model's), read on its own.
 */
@QuarkusTest
@TestProfile(MovieTextTrainingTest.SmallCatalog.class)
class MovieTextTrainingTest {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    CatalogDataset dataset;

    public static class SmallCatalog implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(CatalogFixture.class,
                    Map.of("users", "60", "movies", "120", "ratings", "3000")));
        }
    }

    @Test
    void aVersionTrainedOnStoredTextVectorsReadsTextAndOneWithoutThemDoesNot() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             TextEmbedder embedder = new TextEmbedder(2)) {
            Map<Integer, MovieText> texts = new LinkedHashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT movie_id, title FROM catalog.movies ORDER BY movie_id")) {
                while (rs.next()) {
                    texts.put(rs.getInt(1), MovieText.ofTitle(rs.getString(2)));
                }
            }
            s.execute("SET search_path TO catalog");   // the writer's (ingestion-service's) schema
            // One vector per distinct text (generated titles repeat).
            assertEquals(texts.values().stream().map(MovieText::text).distinct().count(),
                    StoredVectors.store(c, texts, embedder, done -> { }));
            // Without tags or plots a release text is the full text: it finds that vector stored.
            Map<Integer, MovieText> releaseTexts = new LinkedHashMap<>();
            texts.forEach((movieId, text) -> releaseTexts.put(movieId, text.release()));
            assertEquals(0, StoredVectors.store(c, StoredVectors.Kind.RELEASE, releaseTexts, embedder, done -> { }));
            s.execute("RESET search_path");
        }
        for (ItemContent movie : dataset.load().content()) {
            assertNotNull(movie.releaseTextVector(), movie.title());
            assertArrayEquals(movie.textVector(), movie.releaseTextVector(), movie.title());
        }
        JsonPath withText = TrainingRunTest.train(Map.of("activate", "never", "epochs", 2, "tune", false));
        assertEquals("SUCCEEDED", withText.getString("status"), withText.prettify());
        try (HybridModel model = stored(withText.getLong("modelVersion"))) {
            assertTrue(model.readsText(), "120 movies with stored vectors");
        }

        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM catalog.movie_texts");
        }
        for (ItemContent movie : dataset.load().content()) {
            assertNull(movie.textVector(), movie.title());
            assertNotNull(movie.releaseTextVector(), "the release texts are still stored: " + movie.title());
        }
        JsonPath withoutText = TrainingRunTest.train(Map.of("activate", "never", "epochs", 2, "tune", false));
        assertEquals("SUCCEEDED", withoutText.getString("status"), withoutText.prettify());
        try (HybridModel model = stored(withoutText.getLong("modelVersion"))) {
            assertFalse(model.readsText(), "no movie has a stored vector");
        }
    }

    private HybridModel stored(long version) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT artifact FROM training.model_versions WHERE version = " + version)) {
            assertTrue(rs.next(), "version " + version);
            return ModelArtifact.read(rs.getBytes(1));
        }
    }
}
