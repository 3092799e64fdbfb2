package dev.recsys.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lints a service's OpenAPI document the way client generators and Redocly's recommended ruleset
 * need it: structure by swagger-parser, then the rules a generated client depends on. Each
 * problem names the operation or component it is about; an empty list is a clean document.
 *
 * <p>Rules: info has a title, a version and a licence; servers are listed; every tag used is
 * declared with a description; every operation has a unique camelCase {@code operationId}, a
 * summary, at least one 4xx response, a description on every response, and a {@code security}
 * list whose schemes are declared; every component schema is referenced.
 */
public final class OpenApiLint {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final Pattern OPERATION_ID = Pattern.compile("[a-z][A-Za-z0-9]*");
    private static final Pattern REF = Pattern.compile("\"\\$ref\"\\s*:\\s*\"#/components/schemas/([^\"]+)\"");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OpenApiLint() {
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> problems(String json) {
        List<String> problems = new ArrayList<>();
        ParseOptions options = new ParseOptions();
        options.setResolve(false);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(json, null, options);
        if (parsed.getMessages() != null) {
            parsed.getMessages().forEach(message -> problems.add("structure: " + message));
        }
        JsonNode document = parse(json);
        JsonNode info = document.path("info");
        for (String field : List.of("title", "version")) {
            if (info.path(field).asText("").isBlank()) {
                problems.add("info." + field + " is missing");
            }
        }
        if (info.path("license").path("name").asText("").isBlank()) {
            problems.add("info.license is missing");
        }
        if (!document.path("servers").isArray() || document.path("servers").isEmpty()) {
            problems.add("servers are missing");
        }
        Map<String, JsonNode> tags = new HashMap<>();
        document.path("tags").forEach(tag -> tags.put(tag.path("name").asText(), tag));
        Set<String> schemes = new HashSet<>();
        document.path("components").path("securitySchemes").fieldNames().forEachRemaining(schemes::add);
        Map<String, String> operationIds = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (METHODS.contains(op.getKey())) {
                    operation(op.getKey().toUpperCase() + " " + path.getKey(), op.getValue(), tags, schemes,
                            operationIds, problems);
                }
            }
        }
        Set<String> referenced = new HashSet<>();
        Matcher matcher = REF.matcher(json);
        while (matcher.find()) {
            referenced.add(matcher.group(1));
        }
        document.path("components").path("schemas").fieldNames().forEachRemaining(name -> {
            if (!referenced.contains(name)) {
                problems.add("components.schemas." + name + " is never used");
            }
        });
        return problems;
    }

    private static void operation(String name, JsonNode operation, Map<String, JsonNode> tags, Set<String> schemes,
                                  Map<String, String> operationIds, List<String> problems) {
        String id = operation.path("operationId").asText("");
        if (id.isEmpty()) {
            problems.add(name + ": no operationId");
        } else if (!OPERATION_ID.matcher(id).matches()) {
            problems.add(name + ": operationId '" + id + "' is not camelCase");
        } else if (operationIds.containsKey(id)) {
            problems.add(name + ": operationId '" + id + "' is also " + operationIds.get(id));
        } else {
            operationIds.put(id, name);
        }
        if (operation.path("summary").asText("").isBlank()) {
            problems.add(name + ": no summary");
        }
        operation.path("tags").forEach(tag -> {
            JsonNode declared = tags.get(tag.asText());
            if (declared == null || declared.path("description").asText("").isBlank()) {
                problems.add(name + ": tag '" + tag.asText() + "' is not declared with a description");
            }
        });
        boolean clientError = false;
        for (Iterator<Map.Entry<String, JsonNode>> responses = operation.path("responses").fields(); responses.hasNext(); ) {
            Map.Entry<String, JsonNode> response = responses.next();
            clientError |= response.getKey().startsWith("4");
            if (response.getValue().path("description").asText("").isBlank()) {
                problems.add(name + ": response " + response.getKey() + " has no description");
            }
        }
        if (!clientError) {
            problems.add(name + ": no 4xx response");
        }
        if (!operation.has("security")) {
            problems.add(name + ": no security (public operations say security: [])");
        }
        operation.path("security").forEach(requirement -> requirement.fieldNames().forEachRemaining(scheme -> {
            if (!schemes.contains(scheme)) {
                problems.add(name + ": security scheme '" + scheme + "' is not declared");
            }
        }));
    }

    /**
     * Problems between the document and the roles a service enforces (the endpoints of a
     * {@link RoleMatrix} check): each endpoint's operation is documented, admin-only ones with the
     * admin token alone and reads with the read token; and every {@code /api} operation of the
     * document is among the endpoints, so the matrix covers the whole API.
     */
    public static List<String> roleProblems(String json, List<RoleMatrix.Endpoint> endpoints) {
        JsonNode document = parse(json);
        List<String> problems = new ArrayList<>();
        Set<String> covered = new HashSet<>();
        for (RoleMatrix.Endpoint endpoint : endpoints) {
            String path = endpoint.path().replaceFirst("\\?.*", "");
            String method = endpoint.method().toLowerCase();
            String template = null;
            for (Iterator<String> names = document.path("paths").fieldNames(); names.hasNext(); ) {
                String candidate = names.next();
                boolean matches = path.matches(candidate.replaceAll("\\{[^}]+}", "[^/]+"))
                        && document.path("paths").path(candidate).has(method);
                // A literal path (/models/active) wins over a template that also matches it (/models/{id}).
                if (matches && (template == null || candidate.equals(path))) {
                    template = candidate;
                }
            }
            String what = endpoint.method() + " " + endpoint.path();
            if (template == null) {
                problems.add(what + " is not in the document");
                continue;
            }
            covered.add(method + " " + template);
            JsonNode security = document.path("paths").path(template).path(method).path("security");
            Set<String> schemes = new HashSet<>();
            security.forEach(requirement -> requirement.fieldNames().forEachRemaining(schemes::add));
            Set<String> expected = endpoint.adminOnly() ? Set.of("adminToken") : Set.of("adminToken", "readToken");
            if (!schemes.equals(expected)) {
                problems.add(what + ": documented security " + schemes + ", enforced " + expected);
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            path.getValue().fieldNames().forEachRemaining(method -> {
                if (METHODS.contains(method) && !covered.contains(method + " " + path.getKey())) {
                    problems.add(method.toUpperCase() + " " + path.getKey() + " is not in the role matrix");
                }
            });
        }
        return problems;
    }

    /**
     * The live document equals the committed one (as JSON values), or, with {@code -Dopenapi.write=true},
     * is written there.
     */
    static void assertCommitted(String json, Path committed) {
        try {
            JsonNode live = MAPPER.readTree(json);
            if (Boolean.getBoolean("openapi.write")) {
                Files.createDirectories(committed.getParent());
                Files.writeString(committed, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(live) + "\n");
                return;
            }
            if (!Files.exists(committed) || !MAPPER.readTree(committed.toFile()).equals(live)) {
                throw new AssertionError(committed.normalize() + " differs from the service's /q/openapi: the API "
                        + "contract changed. If that is intended, rerun this test with -Dopenapi.write=true and commit "
                        + "the file (clients are generated from it).");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
