package dev.recsys.recommendation.discovery;

import java.util.List;

/** Similar or popular movies; {@code score} is the cosine similarity for similar movies, absent for popular ones. */
public record MovieList(Integer movieId, String genre, Long modelVersion, List<Entry> items) {

    public record Entry(int rank, int movieId, String title, Integer year, List<String> genres, Double score) {
    }
}
