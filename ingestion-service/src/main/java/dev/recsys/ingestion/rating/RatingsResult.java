package dev.recsys.ingestion.rating;

import java.util.List;

/** What happened to posted ratings: how many were stored, and which were not and why. */
public record RatingsResult(int accepted, List<RejectedRating> rejected) {

    /** {@code index} is the position in the posted list, from 0. */
    public record RejectedRating(int index, String reason) {
    }
}
