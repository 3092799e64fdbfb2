package dev.recsys.modelservice;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every request thread busy (a pool of four, each held by a request that does not finish, and two
 * more requests queued behind them): the liveness and readiness probes still answer at once, so
 * Kubernetes neither restarts a pod that is only loaded nor takes it out of service, and the held
 * requests complete once released. Readiness used to query the registry on a request thread.
 */
@QuarkusTest
@TestProfile(BusyWorkersTest.FewWorkers.class)
@QuarkusTestResource(value = NoModelTest.EmptyRegistry.class, restrictToAnnotatedClass = true)
class BusyWorkersTest {

    private static final int WORKERS = 4;

    public static class FewWorkers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.thread-pool.max-threads", String.valueOf(WORKERS), "quarkus.thread-pool.core-threads", "1");
        }

        @Override
        public String getConfigProfile() {
            return "test,busy-workers";
        }
    }

    static final CountDownLatch RELEASE = new CountDownLatch(1);
    static final CountDownLatch ALL_HELD = new CountDownLatch(WORKERS);

    /** A request that holds its request thread until the test releases it (only in this test's build). */
    @Path("/busy-test/hold")
    @IfBuildProfile("busy-workers")
    public static class HoldingResource {
        @GET
        public String hold() throws InterruptedException {
            ALL_HELD.countDown();
            return RELEASE.await(30, TimeUnit.SECONDS) ? "released" : "timed out";
        }
    }

    @TestHTTPResource("/busy-test/hold")
    URI hold;

    @Test
    void probesAnswerWhileEveryRequestThreadIsHeld() throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (given().when().get("/q/health/ready").statusCode() != 200 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);   // the model watcher's first look at the registry
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        for (int i = 0; i < WORKERS + 2; i++) {
            held.add(client.sendAsync(HttpRequest.newBuilder(hold).build(), HttpResponse.BodyHandlers.ofString()));
        }
        try {
            assertTrue(ALL_HELD.await(10, TimeUnit.SECONDS), "the requests hold every request thread");
            for (String probe : List.of("/q/health/live", "/q/health/ready", "/q/health")) {
                given().when().get(probe).then().statusCode(200).body("status", equalTo("UP"))
                        .time(lessThan(1000L), TimeUnit.MILLISECONDS);
            }
            given().when().get("/q/health/ready").then()
                    .body("checks.find { it.name == 'model' }.data.version", equalTo("none active yet"));
        } finally {
            RELEASE.countDown();
        }
        for (CompletableFuture<HttpResponse<String>> request : held) {
            HttpResponse<String> response = request.get(30, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode());
            assertEquals("released", response.body());
        }
    }
}
