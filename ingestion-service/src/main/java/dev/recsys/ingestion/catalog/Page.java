package dev.recsys.ingestion.catalog;

import java.util.List;

/** One page of a list: its items, the total number matching, and the window asked for. */
public record Page<T>(List<T> items, long total, int limit, int offset) {
}
