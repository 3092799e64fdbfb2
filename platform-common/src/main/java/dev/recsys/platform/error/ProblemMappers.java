package dev.recsys.platform.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.recsys.platform.db.Sql;
import dev.recsys.platform.db.Transactions;
import dev.recsys.platform.limits.ExpensiveWork;
import io.quarkus.logging.Log;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into problem+json. Callers never see a stack trace or an exception
 * class name: unexpected errors are logged here and answered with a generic 500.
 */
public class ProblemMappers {

    /** Seconds a client is asked to wait when the database is down. */
    static final int DATABASE_RETRY_SECONDS = 5;

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response response = respond(e.toProblem());
        e.retryAfterSeconds().ifPresent(seconds -> response.getHeaders().putSingle("Retry-After", seconds));
        return response;
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(fieldPath(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + " " + f.message())
                .reduce((a, b) -> a + "; " + b).orElse("invalid request");
        return respond(new Problem("about:blank", "Bad Request", 400, detail, errors));
    }

    // Quarkus ships its own mapper for MismatchedInputException; a mapper for the exact type takes precedence.
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        String field = e instanceof JsonMappingException m ? jsonPath(m) : "";
        String message;
        if (e instanceof UnrecognizedPropertyException) {
            message = "is not a known field";
        } else if (e instanceof InvalidFormatException f && f.getOriginalMessage().contains("NUL character")) {
            message = "text may not contain the NUL character";
        } else if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
            message = "must be " + alternatives(f.getTargetType());
        } else if (e instanceof InvalidFormatException f) {
            message = "value " + quoted(f.getValue()) + " is not " + describe(f.getTargetType());
        } else if (e instanceof MismatchedInputException m && m.getOriginalMessage().startsWith("Trailing token")) {
            field = "";
            message = "malformed JSON: unexpected content after the JSON value";
        } else if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            message = "expected " + describe(m.getTargetType())
                    + (m.getOriginalMessage().contains("`null`") ? ", not null" : "");
        } else if (e instanceof JsonMappingException && e.getCause() instanceof ProblemException problem) {
            return problem(problem);
        } else {
            // The parser's own words name its settings and classes: say where, not how.
            message = e.getLocation() == null ? "malformed JSON"
                    : "malformed JSON at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        }
        List<FieldError> errors = field.isEmpty() ? List.of() : List.of(new FieldError(field, message));
        String detail = field.isEmpty() ? message : field + ": " + message;
        return respond(new Problem("about:blank", "Bad Request", 400, detail, errors));
    }

    /** A JSON type in the caller's words, never a Java class name. */
    static String describe(Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class) {
            return "an integer";
        }
        if (type == double.class || type == float.class || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type.isEnum()) {
            return alternatives(type);
        }
        return "an object";
    }

    /** An enum's values as JSON spells them (its constants' {@code toString}): {@code 'a', 'b' or 'c'}. */
    static String alternatives(Class<?> enumType) {
        List<String> values = java.util.Arrays.stream(enumType.getEnumConstants()).map(v -> "'" + v + "'").toList();
        return values.size() == 1 ? values.get(0)
                : String.join(", ", values.subList(0, values.size() - 1)) + " or " + values.get(values.size() - 1);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Throwable cause = e.getCause();
        if (cause instanceof ProblemException problem) {
            return problem(problem);   // a path or query value that did not convert (StrictParams)
        }
        if (cause instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        String title = Response.Status.fromStatusCode(status) == null
                ? "Error" : Response.Status.fromStatusCode(status).getReasonPhrase();
        String detail = status == 404 ? "no such resource" : e.getMessage();
        return respond(Problem.of(status, title, detail));
    }

    @ServerExceptionMapper
    public Response clientGone(ExpensiveWork.ClientGone e) {
        // Nobody reads this answer: the work stopped because its client hung up, which is not a server error.
        Log.debug("A request's client hung up; its work was stopped");
        return respond(Problem.of(503, "Service Unavailable", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        if (Sql.isNulCharacter(e)) {
            return respond(Problem.of(400, "Bad Request", "text may not contain the NUL character"));
        }
        if (Transactions.isOutcomeUnknown(e)) {
            Log.warnf("Answered 503: a write's commit went unconfirmed (%s)", e.getMessage());
            return problem(ProblemException.unavailable("outcome unknown: the database did not confirm the write, which "
                    + "may or may not be stored; sending the same request again is safe (writes are idempotent)", 1));
        }
        if (Sql.isPoolExhausted(e)) {
            Log.warnf("Answered 503: no database connection was free in time (%s)", e.getMessage());
            return problem(ProblemException.unavailable("busy: no database connection of this service became free in "
                    + "time (the service is overloaded or the database slow); nothing was changed; retry in a second", 1));
        }
        if (Sql.isDatabaseUnavailable(e)) {
            Log.warnf("Answered 503: the database is unavailable (%s)", e.getMessage());
            return problem(ProblemException.unavailable(
                    "the database is unavailable; retry in a few seconds", DATABASE_RETRY_SECONDS));
        }
        Log.error("Unexpected error while serving a request", e);
        return respond(Problem.of(500, "Internal Server Error",
                "the server failed to handle the request; the error has been logged"));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String fieldPath(ConstraintViolation<?> violation) {
        // Bean validation paths start with the method and parameter name ("post.request.ratings[0].rating"):
        // the caller only knows the body, so keep what follows the parameter.
        String path = violation.getPropertyPath().toString();
        String[] parts = path.split("\\.", 3);
        return parts.length == 3 ? parts[2] : parts[parts.length - 1];
    }

    private static String jsonPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String quoted(Object value) {
        return value instanceof String s ? Quoted.of(s) : String.valueOf(value);
    }
}
