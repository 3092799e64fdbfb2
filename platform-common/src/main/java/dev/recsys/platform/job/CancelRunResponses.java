package dev.recsys.platform.job;

import dev.recsys.platform.error.Problem;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The OpenAPI error answers of a job run's {@code POST /{id}/cancel} ({@link JobLifecycle#cancel}):
 * 401, 404 and 409, each a problem. The 202 names the kind's run schema, so each resource declares it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@APIResponse(responseCode = "401", description = JobRunApi.MISSING_ADMIN_TOKEN,
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "404", description = JobRunApi.NO_SUCH_RUN,
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "409", description = JobRunApi.RUN_FINISHED,
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public @interface CancelRunResponses {
}
