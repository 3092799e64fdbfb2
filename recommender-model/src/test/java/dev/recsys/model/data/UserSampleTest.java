package dev.recsys.model.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UserSampleTest {

    /** User u (1..20) has u ratings: 210 in all. */
    private static RatingData ratings() {
        int n = 210;
        int[] users = new int[n];
        int[] items = new int[n];
        int r = 0;
        for (int u = 1; u <= 20; u++) {
            for (int k = 0; k < u; k++) {
                users[r] = u;
                items[r++] = k + 1;
            }
        }
        return RatingData.fromIds(users, items, new float[n], new long[n], null);
    }

    @Test
    void keepsWholeUsersWithinTheCapAndIsRepeatable() {
        RatingData data = ratings();
        int[] all = new int[data.size()];
        Arrays.setAll(all, r -> r);
        int[] sample = UserSample.of(data, all, 60, 42);
        assertTrue(sample.length <= 60 && sample.length >= 40, "sampled " + sample.length);
        Set<Integer> users = new HashSet<>();
        for (int r : sample) {
            users.add(data.user(r));
        }
        int whole = 0;
        for (int u : users) {
            whole += data.userId(u);   // user id u has u ratings
        }
        assertEquals(whole, sample.length, "every sampled user keeps all their ratings");
        assertArrayEquals(sample, UserSample.of(data, all, 60, 42));
        assertSame(all, UserSample.of(data, all, 210, 42), "everything fits: no copy");
    }
}
