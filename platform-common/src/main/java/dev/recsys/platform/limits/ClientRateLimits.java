package dev.recsys.platform.limits;

import dev.recsys.platform.error.Problem;
import dev.recsys.platform.security.AccessTokens;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Per-client rate limits on the {@link RateLimited} endpoints, with Bucket4j: a client (its address; behind a proxy
 * that sets X-Forwarded-For, the address it names when {@code quarkus.http.proxy.proxy-address-forwarding} is on)
 * may make {@code recsys.rate-limit.per-second} such requests a second, in bursts of {@code recsys.rate-limit.burst},
 * summed over the service's limited endpoints. Beyond: 429 as problem+json with {@code Retry-After}. Requests with the
 * admin token are not limited. Buckets of at most {@link #MAX_CLIENTS} clients are kept (then all start afresh).
 */
@ApplicationScoped
public class ClientRateLimits {

    static final int MAX_CLIENTS = 100_000;

    private final AccessTokens tokens;
    private final int perSecond;
    private final int burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public ClientRateLimits(AccessTokens tokens,
                            @ConfigProperty(name = "recsys.rate-limit.per-second", defaultValue = "10") int perSecond,
                            @ConfigProperty(name = "recsys.rate-limit.burst", defaultValue = "30") int burst) {
        this.tokens = tokens;
        this.perSecond = perSecond;
        this.burst = Math.max(burst, perSecond);
    }

    @RateLimited
    @ServerRequestFilter
    public Optional<Response> limit(HttpServerRequest request) {
        if (perSecond <= 0 || tokens.roleOf(request.getHeader(HttpHeaders.AUTHORIZATION)) == AccessTokens.Role.ADMIN) {
            return Optional.empty();
        }
        String client = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        long waitNanos = tryTake(client);
        if (waitNanos == 0) {
            return Optional.empty();
        }
        long retryAfter = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
        return Optional.of(Response.status(429).type(Problem.MEDIA_TYPE).header("Retry-After", retryAfter)
                .entity(Problem.of(429, "Too Many Requests", "client " + client + " made more than " + perSecond
                        + " requests a second (bursts of " + burst + ") to this service's searches, predictions and "
                        + "scenarios; retry in " + retryAfter + " s"))
                .build());
    }

    /** 0 when the client may go on; otherwise how long until it may. */
    long tryTake(String client) {
        if (buckets.size() >= MAX_CLIENTS && !buckets.containsKey(client)) {
            buckets.clear();
        }
        Bucket bucket = buckets.computeIfAbsent(client, c -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
    }
}
