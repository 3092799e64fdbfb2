package dev.recsys.ingestion.event;

import java.util.List;

/**
 * What happened to posted events: how many were stored, how many were already stored (the same
 * user, movie, type and time: a retried request), and which were rejected and why.
 */
public record EventsResult(int accepted, int alreadyStored, List<RejectedEvent> rejected) {

    /** {@code index} is the position in the posted list, from 0. */
    public record RejectedEvent(int index, String reason) {
    }
}
