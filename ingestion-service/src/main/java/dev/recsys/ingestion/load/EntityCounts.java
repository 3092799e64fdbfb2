package dev.recsys.ingestion.load;

/** Per-entity tally of one ingestion: rows read from the files and what became of them. */
public final class EntityCounts {

    private long read;
    private long inserted;
    private long updated;
    private long rejected;

    public synchronized void addRead(long n) {
        read += n;
    }

    public synchronized void addInserted(long n) {
        inserted += n;
    }

    public synchronized void addUpdated(long n) {
        updated += n;
    }

    public synchronized void addRejected(long n) {
        rejected += n;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(read, inserted, updated, rejected);
    }

    /** The JSON shape of the counts: {@code {read, inserted, updated, rejected}}. */
    public record Snapshot(long read, long inserted, long updated, long rejected) {
    }
}
