package dev.recsys.platform.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recsys.platform.error.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * What every service's OpenAPI document says the same way, so generated clients and linters see
 * the roles of {@code AdminTokenFilter}: the two bearer schemes; on each {@code /api} operation its
 * security (admin operations carry {@code @SecurityRequirement(name = "adminToken")} next to
 * {@code @AdminOnly}; reads accept no token, a read token or the admin token, since read tokens are
 * optional); the 401, 403 and 503 answers the filters and the database-outage mapper give; the
 * licence; a relative server; and the examples recorded from a real stack
 * ({@code META-INF/openapi-examples/<operationId>-<status>.json}, written by
 * {@code scripts/record-openapi-examples.sh}). Registered with {@code mp.openapi.filter} in each service.
 */
public class ApiDocumentFilter implements OASFilter {

    static final String ADMIN_TOKEN = "adminToken";
    static final String READ_TOKEN = "readToken";
    static final String EXAMPLES = "META-INF/openapi-examples/";
    private static final ObjectMapper EXAMPLE_READER = new ObjectMapper();

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        // In a fixed order, so that the generated documents do not change from one run to the next.
        Map<String, SecurityScheme> schemes = new LinkedHashMap<>();
        schemes.put(ADMIN_TOKEN, bearer("RECSYS_ADMIN_TOKEN: needed by admin operations (loads, training, activation, "
                + "batch runs, the dashboard's data); without one configured they are closed"));
        schemes.put(READ_TOKEN, bearer("One of RECSYS_API_TOKENS: when they are configured, every other /api/v1 call "
                + "needs a read token or the admin token; without them reads are open"));
        openAPI.getComponents().setSecuritySchemes(schemes);
        // Relative: each service serves its own API, wherever it is deployed (Redocly flags localhost servers).
        openAPI.setServers(List.of(OASFactory.createServer().url("/")
                .description("The service that serves this document")));
        if (openAPI.getInfo() != null && openAPI.getInfo().getLicense() == null) {
            openAPI.getInfo().setLicense(OASFactory.createLicense().name("Apache-2.0")
                    .url("https://www.apache.org/licenses/LICENSE-2.0"));
        }
        if (openAPI.getComponents().getSchemas() != null) {
            openAPI.getComponents().getSchemas().values().forEach(ApiDocumentFilter::allowNullOptionals);
        }
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            boolean api = path.getKey().startsWith("/api/");
            for (Operation operation : path.getValue().getOperations().values()) {
                describe(operation, api);
                addRecordedExamples(operation);
            }
        }
    }

    private static void describe(Operation operation, boolean api) {
        boolean admin = operation.getSecurity() != null && operation.getSecurity().stream()
                .anyMatch(requirement -> requirement.hasScheme(ADMIN_TOKEN));
        if (!api) {
            operation.setSecurity(List.of());   // outside /api: open
            return;
        }
        if (admin) {
            operation.setSecurity(List.of(requirement(ADMIN_TOKEN)));
        } else {
            // An empty requirement first: no token is needed until read tokens are configured.
            operation.setSecurity(List.of(OASFactory.createSecurityRequirement(), requirement(READ_TOKEN),
                    requirement(ADMIN_TOKEN)));
        }
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        addIfAbsent(responses, "401", problem(admin
                ? "No admin token, or not a valid one"
                : "Read tokens are configured and the request has none, or not a valid one"));
        if (admin) {
            addIfAbsent(responses, "403", problem("A read token: this operation needs the admin token"));
        }
        addIfAbsent(responses, "503", problem("The database is unavailable; retry after the Retry-After seconds")
                .addHeader("Retry-After", retryAfter()));
    }

    /**
     * An optional property may be null in the services' JSON (a job not started yet has no
     * startedAt, a movie without IMDb data no imdbRating): OpenAPI 3.1 says so with a "null" type,
     * or, for a reference, {@code anyOf: [ref, {type: null}]}. Without it the recorded examples
     * contradict their own schemas.
     */
    private static void allowNullOptionals(Schema schema) {
        if (schema.getProperties() == null) {
            return;
        }
        List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
        Map<String, Schema> properties = new java.util.LinkedHashMap<>(schema.getProperties());
        for (Map.Entry<String, Schema> property : properties.entrySet()) {
            Schema value = property.getValue();
            if (required.contains(property.getKey())) {
                continue;
            }
            if (value.getRef() != null) {
                Schema nullable = OASFactory.createSchema()
                        .anyOf(List.of(OASFactory.createSchema().ref(value.getRef()), nullType()));
                nullable.setDescription(value.getDescription());
                properties.put(property.getKey(), nullable);
            } else if (value.getType() != null && !value.getType().contains(Schema.SchemaType.NULL)) {
                value.addType(Schema.SchemaType.NULL);
            }
        }
        schema.setProperties(properties);
    }

    private static Schema nullType() {
        return OASFactory.createSchema().addType(Schema.SchemaType.NULL);
    }

    /** Each response with a recorded example gets it as the example of every media type it documents. */
    private static void addRecordedExamples(Operation operation) {
        if (operation.getOperationId() == null || operation.getResponses() == null
                || operation.getResponses().getAPIResponses() == null) {
            return;
        }
        for (Map.Entry<String, APIResponse> response : operation.getResponses().getAPIResponses().entrySet()) {
            String name = EXAMPLES + operation.getOperationId() + "-" + response.getKey() + ".json";
            try (InputStream recorded = ApiDocumentFilter.class.getClassLoader().getResourceAsStream(name)) {
                if (recorded == null || response.getValue().getContent() == null
                        || response.getValue().getContent().getMediaTypes() == null) {
                    continue;
                }
                Object value = EXAMPLE_READER.readValue(recorded, Object.class);
                for (MediaType media : response.getValue().getContent().getMediaTypes().values()) {
                    media.addExample("recorded", OASFactory.createExample()
                            .summary("Recorded from the local stack on the bundled ml-latest-small").value(value));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(name + " is not valid JSON", e);
            }
        }
    }

    private static SecurityScheme bearer(String description) {
        return OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .description(description);
    }

    private static SecurityRequirement requirement(String scheme) {
        return OASFactory.createSecurityRequirement().addScheme(scheme);
    }

    private static void addIfAbsent(APIResponses responses, String status, APIResponse response) {
        if (!responses.hasAPIResponse(status)) {
            responses.addAPIResponse(status, response);
        }
    }

    private static APIResponse problem(String description) {
        MediaType body = OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref("#/components/schemas/Problem"));
        Content content = OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, body);
        return OASFactory.createAPIResponse().description(description).content(content);
    }

    private static Header retryAfter() {
        return OASFactory.createHeader().description("Seconds to wait before retrying")
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER));
    }
}
