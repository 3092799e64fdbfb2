package dev.recsys.ingestion.load;

import it.unimi.dsi.fastutil.ints.IntCollection;
import it.unimi.dsi.fastutil.ints.IntIterator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;

/** Creates users seen in ratings and tags and stores demographics where a release has them. */
public final class UserUpserts {

    /** Demographics from ml-1m {@code users.dat} or ml-100k {@code u.user}. */
    public record Demographics(int userId, String gender, Integer age, String occupation, String zipCode) {
    }

    private UserUpserts() {
    }

    /** Returns {inserted, updated}. */
    public static long[] upsert(Connection connection, IntCollection userIds, Collection<Demographics> demographics)
            throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TEMP TABLE IF NOT EXISTS users_incoming (user_id integer, gender char(1), age smallint, "
                    + "occupation text, zip_code text) ON COMMIT DROP");
            s.execute("TRUNCATE users_incoming");
        }
        try (PgBinaryCopy copy = PgBinaryCopy.start(connection, "users_incoming", "user_id, gender, age, occupation, zip_code")) {
            for (Demographics d : demographics) {
                copy.startRow(5);
                copy.int4(d.userId());
                copy.text(d.gender());
                copy.int2OrNull(d.age());
                copy.text(d.occupation());
                copy.text(d.zipCode());
            }
            for (IntIterator it = userIds.iterator(); it.hasNext(); ) {
                copy.startRow(5);
                copy.int4(it.nextInt());
                copy.nullField();
                copy.nullField();
                copy.nullField();
                copy.nullField();
            }
            copy.finish();
        }
        // Demographic rows come first in the staging table; DISTINCT ON keeps them over bare ids.
        String merge = """
                WITH incoming AS (
                    SELECT DISTINCT ON (user_id) * FROM users_incoming
                    ORDER BY user_id, (gender IS NULL AND age IS NULL AND occupation IS NULL)),
                upserted AS (
                    INSERT INTO catalog.users AS u (user_id, gender, age, occupation, zip_code)
                    SELECT user_id, gender, age, occupation, zip_code FROM incoming
                    ON CONFLICT (user_id) DO UPDATE
                        SET gender = coalesce(EXCLUDED.gender, u.gender), age = coalesce(EXCLUDED.age, u.age),
                            occupation = coalesce(EXCLUDED.occupation, u.occupation),
                            zip_code = coalesce(EXCLUDED.zip_code, u.zip_code)
                        WHERE (u.gender, u.age, u.occupation, u.zip_code) IS DISTINCT FROM
                              (coalesce(EXCLUDED.gender, u.gender), coalesce(EXCLUDED.age, u.age),
                               coalesce(EXCLUDED.occupation, u.occupation), coalesce(EXCLUDED.zip_code, u.zip_code))
                    RETURNING (xmax = 0) AS inserted)
                SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM upserted
                """;
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(merge)) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }
}
