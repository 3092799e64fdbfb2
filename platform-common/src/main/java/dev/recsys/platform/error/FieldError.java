package dev.recsys.platform.error;

/** One invalid field of a request: its path (e.g. {@code ratings[3].rating}) and why. */
public record FieldError(String field, String message) {
}
