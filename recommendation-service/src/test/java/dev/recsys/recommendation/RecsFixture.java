package dev.recsys.recommendation;

import dev.recsys.model.hybrid.ContentVocabulary;
import dev.recsys.model.hybrid.GeneratedCatalog;
import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.model.hybrid.HybridTrainer;
import dev.recsys.model.hybrid.ModelArtifact;
import dev.recsys.model.hybrid.ModelParams;
import dev.recsys.testing.CatalogTables;
import dev.recsys.testing.EmbeddedPostgresServer;
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

/** A catalog filled with a generated release and a registry whose active version was trained on it. */
public class RecsFixture implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String url = EmbeddedPostgresServer.newDatabase("recs");
        fill(url);
        return Map.of("quarkus.datasource.jdbc.url", url, "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    /** Migrates the catalog and registry schemas at {@code url}, loads the release and an active model. */
    static void fill(String url) {
        migrate(url);
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres")) {
            Path dir = Files.createTempDirectory("recs-fixture");
            GeneratedCatalog catalog = GeneratedCatalog.generate(dir, 150, 300, 8_000);
            CatalogTables.load(c, dir);
            ContentVocabulary vocabulary = ContentVocabulary.build(List.of(catalog.content()));
            int[] all = IntStream.range(0, catalog.ratings().size()).toArray();
            try (HybridModel model = HybridTrainer.train(catalog.ratings(), all, vocabulary, catalog.encoded(vocabulary),
                    ModelParams.defaults().withEpochs(5), HybridTrainer.Listener.NONE)) {
                registerActive(c, model);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not build the recommendation fixture", e);
        }
    }

    /** The catalog and registry schemas at {@code url}, with their owners' real migrations. */
    static void migrate(String url) {
        for (String schema : List.of("catalog", "training")) {
            Flyway.configure().dataSource(url, "postgres", "postgres").schemas(schema).defaultSchema(schema)
                    .locations("classpath:db/" + schema).load().migrate();
        }
    }

    /** Registers {@code model} as version 1, ACTIVE. */
    static void registerActive(Connection c, HybridModel model) throws Exception {
        c.createStatement().execute("INSERT INTO training.training_runs (status, params) VALUES ('SUCCEEDED', '{}')");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO training.model_versions (training_run_id, "
                + "status, params, metrics, data_snapshot, training_curve, artifact_format, artifact_sha256, artifact) "
                + "VALUES (1, 'ACTIVE', '{}', '{}', '{}', '[]', 1, 'test', ?)")) {
            ps.setBytes(1, ModelArtifact.write(model));
            ps.executeUpdate();
        }
    }

    @Override
    public void stop() {
        // The embedded server lives for the whole JVM.
    }
}
