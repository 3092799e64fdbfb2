package dev.recsys.testing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks every endpoint of a service against the roles (no token, a read token, the admin token),
 * for a service started with read tokens configured: reads need a read or the admin token, admin
 * operations the admin token (a read token gets 403), and what lies outside {@code /api} is open.
 */
public final class RoleMatrix {

    /** One endpoint: method, path, JSON body (null for none), and whether it is admin-only. */
    public record Endpoint(String method, String path, String body, boolean adminOnly) {

        public static Endpoint read(String method, String path, String body) {
            return new Endpoint(method, path, body, false);
        }

        public static Endpoint admin(String method, String path, String body) {
            return new Endpoint(method, path, body, true);
        }
    }

    private RoleMatrix() {
    }

    /** Status of the request with the given Authorization header (null: none). */
    public static int status(Endpoint endpoint, String authorization) {
        RequestSpecification request = given();
        if (authorization != null) {
            request = request.header("Authorization", authorization);
        }
        if (endpoint.body() != null) {
            request = request.contentType(ContentType.JSON).body(endpoint.body());
        }
        return request.when().request(endpoint.method(), endpoint.path()).then().extract().statusCode();
    }

    /** Asserts the whole matrix; {@code readToken} and {@code adminToken} are the raw tokens. */
    public static void check(List<Endpoint> endpoints, String readToken, String adminToken) {
        List<String> failures = new ArrayList<>();
        for (Endpoint e : endpoints) {
            String what = e.method() + " " + e.path();
            expect(failures, what + " without a token", 401, status(e, null));
            expect(failures, what + " with a wrong token", 401, status(e, "Bearer not-a-token"));
            int read = status(e, "Bearer " + readToken);
            if (e.adminOnly()) {
                expect(failures, what + " with a read token", 403, read);
            } else if (read == 401 || read == 403) {
                failures.add(what + " with a read token: " + read);
            }
            int admin = status(e, "bearer " + adminToken);   // the scheme is case-insensitive (RFC 6750)
            if (admin == 401 || admin == 403) {
                failures.add(what + " with the admin token: " + admin);
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private static void expect(List<String> failures, String what, int expected, int actual) {
        if (expected != actual) {
            failures.add(what + ": expected " + expected + ", got " + actual);
        }
    }

    /**
     * The service's OpenAPI document passes {@link OpenApiLint}, documents the roles of
     * {@code endpoints} (which must cover every {@code /api} operation), and equals the committed
     * {@code docs/openapi/<service>.json} that clients are generated from; run the test with
     * {@code -Dopenapi.write=true} to rewrite that file after an intended change.
     */
    public static void checkDocument(String service, List<Endpoint> endpoints) {
        String json = given().accept("application/json").when().get("/q/openapi?format=json")
                .then().statusCode(200).extract().asString();
        List<String> problems = new ArrayList<>(OpenApiLint.problems(json));
        problems.addAll(OpenApiLint.roleProblems(json, endpoints));
        assertTrue(problems.isEmpty(), problems.size() + " problems in /q/openapi:\n" + String.join("\n", problems));
        OpenApiLint.assertCommitted(json, Path.of("..", "docs", "openapi", service + ".json"));
    }

    /** Paths outside /api (health, OpenAPI) answer without a token. */
    public static void assertOpen(String... paths) {
        for (String path : paths) {
            int status = given().when().get(path).then().extract().statusCode();
            assertEquals(200, status, path + " is open");
        }
    }
}
