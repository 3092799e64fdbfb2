package dev.recsys.platform.security;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The two roles and their bearer tokens: the admin token ({@code RECSYS_ADMIN_TOKEN}: writes, jobs,
 * the dashboard's data, and every read) and read tokens for client applications
 * ({@code RECSYS_API_TOKENS}, comma-separated so that a token can be rotated without downtime).
 * With no read token configured, reads are open, and the log says so at start.
 */
@ApplicationScoped
public class AccessTokens {

    /** What a request's {@code Authorization} header proves. */
    public enum Role { NONE, READ, ADMIN }

    private static final String BEARER = "bearer ";

    private final Optional<byte[]> adminDigest;
    private final List<byte[]> readDigests;

    public AccessTokens(@ConfigProperty(name = "recsys.admin-token") Optional<String> adminToken,
                        @ConfigProperty(name = "recsys.api-tokens") Optional<List<String>> readTokens) {
        this.adminDigest = adminToken.filter(t -> !t.isBlank()).map(AccessTokens::sha256);
        this.readDigests = readTokens.orElse(List.of()).stream().map(String::strip).filter(t -> !t.isEmpty())
                .map(AccessTokens::sha256).toList();
    }

    void logPolicy(@Observes StartupEvent event) {
        if (readDigests.isEmpty()) {
            Log.warn("Reads under /api/v1 are open to anyone: no RECSYS_API_TOKENS is configured");
        } else {
            Log.infof("Reads under /api/v1 need one of %d read tokens (RECSYS_API_TOKENS) or the admin token",
                    readDigests.size());
        }
        if (adminDigest.isEmpty()) {
            Log.warn("Admin operations are disabled: no RECSYS_ADMIN_TOKEN is configured");
        }
    }

    public boolean adminConfigured() {
        return adminDigest.isPresent();
    }

    public boolean readsProtected() {
        return !readDigests.isEmpty();
    }

    /** The role an {@code Authorization} header proves ("Bearer" in any case, RFC 6750). */
    public Role roleOf(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Role.NONE;
        }
        // Comparing fixed-length digests in constant time leaks neither content nor length.
        byte[] given = sha256(authorization.substring(BEARER.length()).strip());
        if (adminDigest.isPresent() && MessageDigest.isEqual(given, adminDigest.get())) {
            return Role.ADMIN;
        }
        boolean read = false;
        for (byte[] digest : readDigests) {
            read |= MessageDigest.isEqual(given, digest);
        }
        return read ? Role.READ : Role.NONE;
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
