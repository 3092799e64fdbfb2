package dev.recsys.ingestion.catalog;

import java.time.Instant;

/** Sizes of the catalog and when it was last loaded. */
public record CatalogStats(long movies, long users, long ratings, long tags, long people, Instant lastIngestionAt) {
}
