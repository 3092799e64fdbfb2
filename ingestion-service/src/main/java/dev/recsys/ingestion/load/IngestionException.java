package dev.recsys.ingestion.load;

/**
 * An ingestion cannot go on: the input is unusable as a whole (missing, truncated, not a known
 * release). The message is shown to the user as the job's error, so it names the file and line.
 */
public class IngestionException extends RuntimeException {

    public IngestionException(String message) {
        super(message);
    }

    public IngestionException(String message, Throwable cause) {
        super(message, cause);
    }
}
