package dev.recsys.ingestion.load;

import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import it.unimi.dsi.fastutil.ints.IntSet;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Objects;

/** Which of a request's movie ids the catalog has: what posted ratings and events are checked against. */
public final class KnownMovies {

    private KnownMovies() {
    }

    public static IntSet among(Connection connection, Collection<Integer> movieIds) throws SQLException {
        Integer[] ids = movieIds.stream().filter(Objects::nonNull).distinct().toArray(Integer[]::new);
        IntSet known = new IntOpenHashSet();
        try (PreparedStatement ps = connection.prepareStatement("SELECT movie_id FROM catalog.movies WHERE movie_id = ANY (?)")) {
            Array array = connection.createArrayOf("integer", ids);
            ps.setArray(1, array);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    known.add(rs.getInt(1));
                }
            }
        }
        return known;
    }
}
