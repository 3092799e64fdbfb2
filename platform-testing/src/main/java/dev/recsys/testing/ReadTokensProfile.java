package dev.recsys.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** A service started with two read tokens, as during a rotation (for {@link RoleMatrix} tests). */
public class ReadTokensProfile implements QuarkusTestProfile {

    public static final String OLD_TOKEN = "client-old";
    public static final String NEW_TOKEN = "client-new";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("recsys.api-tokens", OLD_TOKEN + "," + NEW_TOKEN);
    }
}
