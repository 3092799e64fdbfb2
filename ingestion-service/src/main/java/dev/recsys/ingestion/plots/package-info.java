/** The {@code plots} source: an operator's CSV of plots (TMDB overviews, their own synopses) by movieId or imdbId. */
package dev.recsys.ingestion.plots;
