package dev.recsys.modelservice;

import dev.recsys.model.hybrid.ContentVocabulary;
import dev.recsys.model.hybrid.GeneratedCatalog;
import dev.recsys.model.publicrating.GeneratedImdbCatalog;
import dev.recsys.model.publicrating.PlantedTextEffect;
import dev.recsys.model.publicrating.PublicRatingModel;
import dev.recsys.model.publicrating.PublicRatingRun;
import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.model.hybrid.HybridTrainer;
import dev.recsys.model.hybrid.ItemContent;
import dev.recsys.model.hybrid.ModelArtifact;
import dev.recsys.model.hybrid.ModelParams;
import dev.recsys.model.segments.SegmentProfiles;
import dev.recsys.model.segments.TasteSegments;
import dev.recsys.testing.EmbeddedPostgresServer;
import dev.recsys.text.MovieText;
import dev.recsys.text.TextEmbedder;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.flywaydb.core.Flyway;

/**
 * A registry (the real training-schema migrations) holding three versions trained on a generated
 * catalog: version 1 ACTIVE, version 2 a CANDIDATE trained with another seed and the movies' title
 * embeddings (it reads movie text; version 1 does not), version 3 a CANDIDATE whose artifact is corrupt.
 * Version 1's IMDb-rating model reads the release text (the same title embeddings; its IMDb ratings
 * carry a planted effect along them).
 */
public class RegistryFixture implements QuarkusTestResourceLifecycleManager {

    static final HybridTrainer.Listener QUIET = new HybridTrainer.Listener() {
        @Override
        public void onProgress(int epoch, long done, long total, double rate) {
        }

        @Override
        public void onEpoch(int epoch, double loss, double seconds, HybridModel model) {
        }
    };

    @Override
    public Map<String, String> start() {
        String url = EmbeddedPostgresServer.newDatabase("models");
        fill(url);
        return Map.of("quarkus.datasource.jdbc.url", url, "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    /** The catalog and registry schemas, two trained versions (1 active, 2 a candidate) and a corrupt one (3). */
    static void fill(String url) {
        for (String schema : List.of("catalog", "training")) {
            Flyway.configure().dataSource(url, "postgres", "postgres").schemas(schema).defaultSchema(schema)
                    .locations("classpath:db/" + schema).load().migrate();
        }
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres")) {
            Path dir = Files.createTempDirectory("registry");
            GeneratedImdbCatalog imdb = GeneratedImdbCatalog.generate(dir, 200, 400, 15_000);
            GeneratedCatalog catalog = imdb.catalog();
            movies(c, dir);
            int[] all = IntStream.range(0, catalog.ratings().size()).toArray();
            List<float[]> titleVectors = titleEmbeddings(catalog.content());
            c.createStatement().execute("INSERT INTO training.training_runs (status, params) VALUES ('SUCCEEDED', '{}')");
            for (long seed : new long[] {1, 2}) {
                GeneratedCatalog trainedOn = seed == 1 ? catalog : withTitleEmbeddings(catalog, titleVectors);
                ContentVocabulary vocabulary = ContentVocabulary.build(List.of(trainedOn.content()));
                try (HybridModel model = HybridTrainer.train(catalog.ratings(), all, vocabulary, trainedOn.encoded(vocabulary),
                        ModelParams.defaults().withEpochs(4).withSeed(seed), QUIET)) {
                    // Version 1 has taste segments (three, as training would store them); version 2 predates them.
                    String segments = seed == 1 ? segments(model, catalog) : null;
                    insert(c, seed == 1 ? "ACTIVE" : "CANDIDATE", ModelArtifact.write(model), seed, segments);
                }
            }
            insert(c, "CANDIDATE", new byte[] {1, 2, 3, 4}, 3, null);
            // Version 1 predicts IMDb ratings (the generated dumps have them); version 2 was trained without any.
            ItemContent[] released = imdb.content().clone();
            for (int m = 0; m < released.length; m++) {
                released[m] = released[m].withReleaseText(titleVectors.get(m));
            }
            PublicRatingRun publicRating = PublicRatingRun.fit(PlantedTextEffect.plant(released, 1.0), imdb.movieIds(), 1, null);
            if (!publicRating.model().readsText()) {
                throw new IllegalStateException("the planted text effect should make the IMDb-rating model read text");
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE training.model_versions SET public_rating = ?, "
                    + "public_rating_format = ? WHERE version = 1")) {
                ps.setBytes(1, publicRating.model().write());
                ps.setInt(2, PublicRatingModel.FORMAT_VERSION);
                ps.executeUpdate();
            }
            c.createStatement().execute("UPDATE training.model_versions SET public_rating_absent = 'the training catalog had "
                    + "no IMDb or TMDB ratings (load IMDb''s title.ratings or TMDB''s metadata to get them)' WHERE version = 2");
        } catch (Exception e) {
            throw new IllegalStateException("could not build the registry fixture", e);
        }
    }

    /**
     * Each movie's title embedded as ingestion stores it (no tags or plots here: the text and the release text
     * are the title alone).
     */
    private static List<float[]> titleEmbeddings(ItemContent[] content) {
        try (TextEmbedder embedder = new TextEmbedder(2)) {
            return embedder.embedAll(java.util.Arrays.stream(content).map(m -> MovieText.ofTitle(m.title()).text()).toList());
        }
    }

    /** The catalog with these text vectors, as training-service reads it. */
    private static GeneratedCatalog withTitleEmbeddings(GeneratedCatalog catalog, List<float[]> vectors) {
        ItemContent[] content = catalog.content().clone();
        for (int m = 0; m < content.length; m++) {
            content[m] = content[m].withText(vectors.get(m));
        }
        return new GeneratedCatalog(catalog.ratings(), content);
    }

    private static void insert(Connection c, String status, byte[] artifact, long seed, String segments) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO training.model_versions (training_run_id, status, "
                + "params, metrics, data_snapshot, training_curve, artifact_format, artifact_sha256, artifact, segments) "
                + "VALUES (1, ?, ?::jsonb, '{\"model\": {\"rmse\": 0.9}}', '{\"users\": 200}', '[]', 1, 'test', ?, ?::jsonb)")) {
            ps.setString(1, status);
            ps.setString(2, "{\"seed\": " + seed + "}");
            ps.setBytes(3, artifact);
            ps.setString(4, segments);
            ps.executeUpdate();
        }
    }

    /** The catalog's movies with their IMDb ids (the similar released movies link to their IMDb pages). */
    private static void movies(Connection c, Path dir) throws Exception {
        List<String> links = Files.readAllLines(dir.resolve("links.csv"));
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO catalog.movies (movie_id, title, imdb_id) VALUES (?, ?, ?)")) {
            for (String line : links.subList(1, links.size())) {
                String[] f = line.split(",");
                ps.setInt(1, Integer.parseInt(f[0]));
                ps.setString(2, "movie " + f[0]);
                ps.setInt(3, Integer.parseInt(f[1]));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Three segments of the model's users with their profiles, in the registry's JSON shape. */
    private static String segments(HybridModel model, GeneratedCatalog catalog) throws Exception {
        TasteSegments segments = TasteSegments.fit(model.userVectors(), model.userCount(), model.dimension(), 3, 7);
        List<SegmentProfiles.Profile> profiles = SegmentProfiles.describe(segments, catalog.ratings(),
                u -> model.userIndex(catalog.ratings().userId(u)), catalog.content());
        return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(Map.of("k", segments.k(),
                "silhouette", segments.silhouette(), "segments", profiles));
    }

    @Override
    public void stop() {
        // The embedded server lives for the whole JVM.
    }
}
