package dev.recsys.platform.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.platform.security.AccessTokens.Role;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccessTokensTest {

    @Test
    void theHeaderProvesTheRoleOfTheTokenItCarries() {
        AccessTokens tokens = new AccessTokens(Optional.of("admin-secret"), Optional.of(List.of("app-1", " app-2 ")));
        assertEquals(Role.ADMIN, tokens.roleOf("Bearer admin-secret"));
        assertEquals(Role.ADMIN, tokens.roleOf("bearer admin-secret"), "the scheme is case-insensitive (RFC 6750)");
        assertEquals(Role.READ, tokens.roleOf("Bearer app-1"));
        assertEquals(Role.READ, tokens.roleOf("Bearer app-2"), "configured tokens are trimmed");
        assertEquals(Role.NONE, tokens.roleOf("Bearer admin-secretX"));
        assertEquals(Role.NONE, tokens.roleOf("Basic admin-secret"));
        assertEquals(Role.NONE, tokens.roleOf("Bearer "));
        assertEquals(Role.NONE, tokens.roleOf(null));
        assertTrue(tokens.adminConfigured());
        assertTrue(tokens.readsProtected());
    }

    @Test
    void blankTokensConfigureNothing() {
        AccessTokens tokens = new AccessTokens(Optional.of(" "), Optional.of(List.of("", " ")));
        assertFalse(tokens.adminConfigured());
        assertFalse(tokens.readsProtected());
        assertEquals(Role.NONE, tokens.roleOf("Bearer  "));
        assertEquals(Role.NONE, tokens.roleOf("Bearer anything"));
    }
}
