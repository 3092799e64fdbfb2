package dev.recsys.insights;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The filters every catalog question takes: release years (inclusive) and a TMDB genre, both optional,
 * and, where the question has one, a name matched anywhere in the name without regard to case or accents.
 * It writes its SQL condition over the TMDB movies aliased {@code t} and binds its own parameters.
 */
public record InsightFilter(Integer yearFrom, Integer yearTo, String genre, String name) {

    /** The condition, AND-joined, for a query whose name column (if any) is {@code nameKeyColumn}. */
    public String where(String nameKeyColumn) {
        List<String> conditions = new ArrayList<>(List.of("true"));
        if (yearFrom != null) {
            conditions.add("t.release_year >= ?");
        }
        if (yearTo != null) {
            conditions.add("t.release_year <= ?");
        }
        if (genre != null) {
            conditions.add("EXISTS (SELECT 1 FROM unnest(t.genres) g WHERE lower(g) = ?)");
        }
        if (name != null && nameKeyColumn != null) {
            conditions.add("strpos(" + nameKeyColumn + ", ?) > 0");
        }
        return String.join(" AND ", conditions);
    }

    /** Binds the parameters of {@link #where} from index {@code first}; returns the next free index. */
    public int bind(PreparedStatement ps, int first, boolean withName) throws SQLException {
        int i = first;
        if (yearFrom != null) {
            ps.setInt(i++, yearFrom);
        }
        if (yearTo != null) {
            ps.setInt(i++, yearTo);
        }
        if (genre != null) {
            ps.setString(i++, NameKey.of(genre));
        }
        if (name != null && withName) {
            ps.setString(i++, NameKey.of(name));
        }
        return i;
    }
}
