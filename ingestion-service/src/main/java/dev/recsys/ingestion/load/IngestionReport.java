package dev.recsys.ingestion.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an ingestion has done so far: counts per entity and the first rejected rows. Written by
 * the loading thread, read by the progress reporter, hence synchronised.
 */
public final class IngestionReport {

    public static final int MAX_LISTED_REJECTS = 100;

    private final Map<String, EntityCounts> counts = new LinkedHashMap<>();
    private final List<Reject> rejects = new ArrayList<>();

    public synchronized EntityCounts counts(String entity) {
        return counts.computeIfAbsent(entity, e -> new EntityCounts());
    }

    /** Records a rejected row of {@code entity}: counted always, listed while fewer than 100 are. */
    public void reject(String entity, String file, long line, String reason) {
        counts(entity).addRejected(1);
        synchronized (this) {
            if (rejects.size() < MAX_LISTED_REJECTS) {
                rejects.add(new Reject(file, line, reason));
            }
        }
    }

    public synchronized Map<String, EntityCounts.Snapshot> countsSnapshot() {
        Map<String, EntityCounts.Snapshot> snapshot = new LinkedHashMap<>();
        counts.forEach((entity, c) -> snapshot.put(entity, c.snapshot()));
        return snapshot;
    }

    public synchronized List<Reject> rejects() {
        return List.copyOf(rejects);
    }
}
