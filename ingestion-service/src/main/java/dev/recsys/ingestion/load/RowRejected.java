package dev.recsys.ingestion.load;

/**
 * A row that is wrong: {@link RowLoop} records it as a reject with its file, line and this
 * message, and the load goes on with the next row. Thrown per bad row, so it keeps no stack trace.
 */
public final class RowRejected extends RuntimeException {

    public RowRejected(String reason) {
        super(reason, null, false, false);
    }
}
