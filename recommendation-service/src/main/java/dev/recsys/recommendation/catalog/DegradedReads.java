package dev.recsys.recommendation.catalog;

import jakarta.enterprise.context.RequestScoped;

/**
 * Whether this request was answered from what was cached because the database could not be
 * read: the answer is then marked {@code "degraded": true}.
 */
@RequestScoped
public class DegradedReads {

    private boolean degraded;

    public void mark() {
        degraded = true;
    }

    public boolean degraded() {
        return degraded;
    }
}
