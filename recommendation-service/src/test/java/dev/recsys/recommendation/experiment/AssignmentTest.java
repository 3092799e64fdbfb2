package dev.recsys.recommendation.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssignmentTest {

    private static Experiment experiment(long id, int... shares) {
        List<Experiment.Variant> variants = new java.util.ArrayList<>();
        for (int i = 0; i < shares.length; i++) {
            variants.add(new Experiment.Variant("v" + i, i == 0 ? "active" : Integer.toString(i), shares[i]));
        }
        return new Experiment(id, "test", Experiment.RUNNING, variants, Instant.now(), null, null, null);
    }

    private static Map<String, Integer> counts(Experiment experiment, int users) {
        Map<String, Integer> counts = new HashMap<>();
        for (int user = 1; user <= users; user++) {
            counts.merge(Assignment.variantOf(experiment, user).name(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void sharesHoldWithinTwoPercentOverOneHundredThousandUsers() {
        for (Experiment experiment : List.of(experiment(1, 50, 50), experiment(2, 10, 30, 60), experiment(77, 90, 10),
                experiment(5, 20, 20, 20, 20, 20))) {
            Map<String, Integer> counts = counts(experiment, 100_000);
            for (Experiment.Variant v : experiment.variants()) {
                double share = counts.getOrDefault(v.name(), 0) / 1000.0;
                assertEquals(v.share(), share, 2.0, "experiment " + experiment.id() + " variant " + v.name() + ": " + counts);
            }
        }
    }

    @Test
    void aUserKeepsTheirVariantAndEveryReplicaAgrees() {
        Experiment experiment = experiment(3, 50, 50);
        // A "replica" is just another call: the assignment depends on nothing but the ids and shares.
        Experiment sameOnAnotherReplica = experiment(3, 50, 50);
        for (int user = 1; user <= 10_000; user++) {
            String first = Assignment.variantOf(experiment, user).name();
            for (int call = 0; call < 3; call++) {
                assertEquals(first, Assignment.variantOf(experiment, user).name(), "user " + user + " switched variant");
            }
            assertEquals(first, Assignment.variantOf(sameOnAnotherReplica, user).name(), "user " + user);
        }
        assertEquals(3_858, Assignment.bucket(3, 42), "the hash is part of the contract: replicas of another build must agree");
    }

    @Test
    void aNewExperimentReshufflesUsers() {
        Experiment first = experiment(10, 50, 50);
        Experiment second = experiment(11, 50, 50);
        int same = 0;
        for (int user = 1; user <= 20_000; user++) {
            if (Assignment.variantOf(first, user).name().equals(Assignment.variantOf(second, user).name())) {
                same++;
            }
        }
        // Independent 50/50 splits agree for about half the users, not all of them.
        assertTrue(same > 9_500 && same < 10_500, same + " of 20,000 users kept their variant");
    }
}
