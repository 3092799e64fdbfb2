package dev.recsys.ingestion.load;

/** Thrown inside a running ingestion once a cancel was asked for: the load rolls back. */
public class IngestionCancelled extends IngestionException {

    public IngestionCancelled() {
        super("cancelled on request");
    }
}
