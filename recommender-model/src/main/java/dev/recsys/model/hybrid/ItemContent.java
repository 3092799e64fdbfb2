package dev.recsys.model.hybrid;

import java.util.List;

/**
 * What the content encoder knows about a movie: MovieLens genres and title, IMDb people (by name,
 * cast in billing order), year, runtime, IMDb rating and votes. Any part may be missing.
 */
public record ItemContent(List<String> genres, String title, List<String> directors, List<String> writers,
                          List<String> cast, Integer year, Integer runtime, Float imdbRating, Integer imdbVotes) {

    public static ItemContent empty() {
        return new ItemContent(List.of(), "", List.of(), List.of(), List.of(), null, null, null, null);
    }
}
