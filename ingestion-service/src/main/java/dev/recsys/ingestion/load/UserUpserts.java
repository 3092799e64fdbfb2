package dev.recsys.ingestion.load;

import it.unimi.dsi.fastutil.ints.IntCollection;
import it.unimi.dsi.fastutil.ints.IntIterator;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;

/** Creates users seen in ratings and tags and stores demographics where a release has them. */
public final class UserUpserts {

    /** Demographics from ml-1m {@code users.dat} or ml-100k {@code u.user}. */
    public record Demographics(int userId, String gender, Integer age, String occupation, String zipCode) {
    }

    private UserUpserts() {
    }

    public static StagingTables.Merged upsert(Connection connection, IntCollection userIds,
                                              Collection<Demographics> demographics) throws SQLException {
        StagingTables.prepare(connection, "users_incoming",
                "user_id integer, gender char(1), age smallint, occupation text, zip_code text");
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
        return StagingTables.merge(connection, """
                INSERT INTO catalog.users AS u (user_id, gender, age, occupation, zip_code)
                SELECT DISTINCT ON (user_id) user_id, gender, age, occupation, zip_code FROM users_incoming
                ORDER BY user_id, (gender IS NULL AND age IS NULL AND occupation IS NULL)
                ON CONFLICT (user_id) DO UPDATE
                    SET gender = coalesce(EXCLUDED.gender, u.gender), age = coalesce(EXCLUDED.age, u.age),
                        occupation = coalesce(EXCLUDED.occupation, u.occupation),
                        zip_code = coalesce(EXCLUDED.zip_code, u.zip_code)
                    WHERE (u.gender, u.age, u.occupation, u.zip_code) IS DISTINCT FROM
                          (coalesce(EXCLUDED.gender, u.gender), coalesce(EXCLUDED.age, u.age),
                           coalesce(EXCLUDED.occupation, u.occupation), coalesce(EXCLUDED.zip_code, u.zip_code))
                """);
    }
}
