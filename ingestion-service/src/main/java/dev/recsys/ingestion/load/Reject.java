package dev.recsys.ingestion.load;

/** A row that was not loaded, and why. {@code line} is 1-based, the header being line 1. */
public record Reject(String file, long line, String reason) {
}
