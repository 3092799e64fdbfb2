package dev.recsys.platform.error;

import java.util.List;
import java.util.Optional;

/**
 * Thrown by services for any request that cannot be served; mapped to a problem+json
 * response with the given status. The detail is shown to the caller, so it must say what
 * was wrong in the caller's terms, never internal class names.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<FieldError> errors;
    private final Integer retryAfterSeconds;

    public ProblemException(int status, String title, String detail, List<FieldError> errors) {
        this(status, title, detail, errors, null);
    }

    private ProblemException(int status, String title, String detail, List<FieldError> errors, Integer retryAfterSeconds) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, List.of());
    }

    public static ProblemException badRequest(String detail, List<FieldError> errors) {
        return new ProblemException(400, "Bad Request", detail, errors);
    }

    public static ProblemException badRequest(String field, String message) {
        return badRequest("invalid " + field + ": " + message, List.of(new FieldError(field, message)));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not Found", detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail);
    }

    public static ProblemException tooLarge(String detail) {
        return new ProblemException(413, "Payload Too Large", detail);
    }

    public static ProblemException tooLarge(String detail, List<FieldError> errors) {
        return new ProblemException(413, "Payload Too Large", detail, errors);
    }

    /**
     * The rows of a bulk request ({@code field}, e.g. "ratings"): present (400 naming {@code itemShape}
     * otherwise), not empty (400) and at most {@code max} (413).
     */
    public static <T> List<T> requireRows(String field, List<T> rows, int max, String itemShape) {
        if (rows == null) {
            throw badRequest(field, "is required: a list of " + itemShape);
        }
        if (rows.isEmpty()) {
            throw badRequest(field, "must not be empty");
        }
        if (rows.size() > max) {
            throw tooLarge("at most " + max + " " + field + " per request; this one has " + rows.size(),
                    List.of(new FieldError(field, "at most " + max + " items")));
        }
        return rows;
    }

    public static ProblemException unprocessable(String detail) {
        return new ProblemException(422, "Unprocessable Content", detail);
    }

    /** 503 with a {@code Retry-After} header: a dependency (the database) is down for now. */
    public static ProblemException unavailable(String detail, int retryAfterSeconds) {
        return new ProblemException(503, "Service Unavailable", detail, List.of(), retryAfterSeconds);
    }

    /** Seconds for the {@code Retry-After} header, when the caller should retry later. */
    public Optional<Integer> retryAfterSeconds() {
        return Optional.ofNullable(retryAfterSeconds);
    }

    public Problem toProblem() {
        return new Problem("about:blank", title, status, getMessage(), errors);
    }

    public int status() {
        return status;
    }
}
