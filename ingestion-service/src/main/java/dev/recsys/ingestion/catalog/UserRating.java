package dev.recsys.ingestion.catalog;

import java.time.Instant;

/** A stored rating of one user, with the movie's title for display. */
public record UserRating(int movieId, String title, Integer year, float rating, Instant timestamp) {
}
