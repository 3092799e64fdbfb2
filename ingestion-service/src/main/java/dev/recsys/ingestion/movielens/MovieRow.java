package dev.recsys.ingestion.movielens;

import java.util.List;

/** A movie as read from a release, before it is merged into the catalog. */
record MovieRow(int movieId, String title, Integer year, List<String> genres, Integer imdbId, Integer tmdbId) {

    MovieRow withLinks(Integer newImdbId, Integer newTmdbId) {
        return new MovieRow(movieId, title, year, genres, newImdbId, newTmdbId);
    }
}
