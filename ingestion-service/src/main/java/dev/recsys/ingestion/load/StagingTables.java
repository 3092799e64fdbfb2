package dev.recsys.ingestion.load;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The staging pattern every loader uses: COPY rows into an empty temporary table (dropped at
 * commit), then merge them into the catalog with one {@code INSERT ... ON CONFLICT} statement that
 * reports how many rows it inserted and how many it updated.
 */
public final class StagingTables {

    /** What a merge did. */
    public record Merged(long inserted, long updated) {
    }

    private StagingTables() {
    }

    /** Creates (or empties) the temporary table {@code name} with the given column definitions. */
    public static void prepare(Connection connection, String name, String columns) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TEMP TABLE IF NOT EXISTS " + name + " (" + columns + ") ON COMMIT DROP");
            s.execute("TRUNCATE " + name);
        }
    }

    /**
     * Runs an {@code INSERT ... ON CONFLICT ... DO UPDATE ... WHERE <changed>} statement (without a
     * RETURNING clause) and counts its rows: {@code xmax = 0} marks a freshly inserted row.
     */
    public static Merged merge(Connection connection, String upsert) throws SQLException {
        String counted = "WITH upserted AS (" + upsert + " RETURNING (xmax = 0) AS inserted) "
                + "SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM upserted";
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(counted)) {
            rs.next();
            return new Merged(rs.getLong(1), rs.getLong(2));
        }
    }

    /** Adds a merge's outcome to an entity's counts. */
    public static void count(EntityCounts counts, Merged merged) {
        counts.addInserted(merged.inserted());
        counts.addUpdated(merged.updated());
    }
}
