package dev.recsys.recommendation.recommend;

import java.util.List;

/** The given movies, best predicted rating first. */
public record RankedMovies(int userId, Long modelVersion, boolean coldStartUser, List<Entry> items,
                           List<Integer> unknownMovieIds) {

    public record Entry(int rank, int movieId, double predictedRating) {
    }
}
