package dev.recsys.platform.job;

import dev.recsys.platform.error.Problem;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The OpenAPI 404 answer of a job run's {@code GET /{id}} ({@link JobLifecycle#get}), for the OpenAPI documents. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@APIResponse(responseCode = "404", description = JobRunApi.NO_SUCH_RUN,
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public @interface RunNotFoundResponse {
}
