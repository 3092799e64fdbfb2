package dev.recsys.modelruntime.publicrating;

import dev.recsys.model.publicrating.PublicRatingEvaluation;
import dev.recsys.model.publicrating.PublicRatingModel;
import dev.recsys.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * A version's public-rating (IMDb) model and its predictions for the catalog movies without an IMDb
 * rating ({@code training.model_versions.public_rating*}, {@code training.public_rating_predictions}):
 * training-service stores them with the version, in its registration transaction; model-service and
 * recommendation-service load the model.
 */
@ApplicationScoped
public class PublicRatingRepository {

    /** One catalog movie's predicted IMDb rating. */
    public record MoviePrediction(int movieId, PublicRatingModel.Interval interval) {
    }

    /** What a version stored: the model's bytes, or why it has none (both null for versions from before it existed). */
    public record Stored(byte[] model, String absentReason) {
    }

    private final Sql sql;

    public PublicRatingRepository(Sql sql) {
        this.sql = sql;
    }

    /** Stores the model (or the reason there is none) and its catalog predictions with {@code version}, in the caller's transaction. */
    public void store(Connection c, long version, PublicRatingModel model, String absentReason,
                      List<MoviePrediction> predictions) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE training.model_versions SET public_rating = ?, "
                + "public_rating_format = ?, public_rating_absent = ? WHERE version = ?")) {
            ps.setBytes(1, model == null ? null : model.write());
            ps.setObject(2, model == null ? null : PublicRatingModel.FORMAT_VERSION);
            ps.setString(3, absentReason);
            ps.setLong(4, version);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO training.public_rating_predictions "
                + "(version, movie_id, predicted, low, high) VALUES (?, ?, ?, ?, ?)")) {
            int batched = 0;
            for (MoviePrediction p : predictions) {
                ps.setLong(1, version);
                ps.setInt(2, p.movieId());
                ps.setFloat(3, (float) p.interval().predicted());
                ps.setFloat(4, (float) p.interval().low());
                ps.setFloat(5, (float) p.interval().high());
                ps.addBatch();
                if (++batched % 5_000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    /** Stores the evaluation's held-out movies with {@code version} (the dashboard's predicted-against-actual panel). */
    public void storeHeldOut(Connection c, long version, List<PublicRatingEvaluation.HeldOut> heldOut) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO training.public_rating_held_out "
                + "(version, position, movie_id, tmdb_id, title, year, predicted, low, high, actual) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int position = 0;
            for (PublicRatingEvaluation.HeldOut h : heldOut) {
                ps.setLong(1, version);
                ps.setInt(2, position++);
                ps.setObject(3, h.id() > 0 ? h.id() : null, java.sql.Types.INTEGER);
                ps.setObject(4, h.id() < 0 ? -h.id() : null, java.sql.Types.INTEGER);
                ps.setString(5, h.title() == null ? "" : h.title());
                ps.setObject(6, h.year(), java.sql.Types.SMALLINT);
                ps.setFloat(7, (float) h.predicted());
                ps.setFloat(8, (float) h.low());
                ps.setFloat(9, (float) h.high());
                ps.setFloat(10, (float) h.actual());
                ps.addBatch();
                if (position % 5_000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    public Optional<Stored> stored(long version) {
        return sql.query("SELECT public_rating, public_rating_absent FROM training.model_versions WHERE version = ?",
                rs -> new Stored(rs.getBytes(1), rs.getString(2)), version).stream().findFirst();
    }
}
