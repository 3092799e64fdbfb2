package dev.recsys.platform.job;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * What the job-run endpoints of every service (ingestions, training runs, batch runs) share: their
 * sub-paths, the descriptions of their common answers in the OpenAPI documents (composed into
 * {@link RunNotFoundResponse} and {@link CancelRunResponses}), and the 202 answers. The 404 and 409
 * answers themselves come from {@link JobLifecycle#get} and {@link JobLifecycle#cancel}.
 */
public final class JobRunApi {

    public static final String RUN_PATH = "/{id}";
    public static final String CANCEL_PATH = "/{id}/cancel";
    public static final String DEFAULT_LIMIT = "20";
    public static final int MAX_LIMIT = 100;

    public static final String CANCEL_REQUESTED = "Cancel requested";
    public static final String NO_SUCH_RUN = "No such run";
    public static final String RUN_FINISHED = "The run has already finished";
    public static final String MISSING_ADMIN_TOKEN = "Missing or wrong admin token";

    private JobRunApi() {
    }

    /** 202 with the queued run; Location names it. */
    public static Response queued(JobRun run, UriInfo uri) {
        return Response.accepted(run).location(uri.getAbsolutePathBuilder().path(Long.toString(run.id())).build()).build();
    }

    /** 202 with the run as it is once asked to stop. */
    public static Response cancelRequested(JobRun run) {
        return Response.accepted(run).build();
    }
}
