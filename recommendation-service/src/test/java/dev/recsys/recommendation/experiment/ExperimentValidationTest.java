package dev.recsys.recommendation.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.modelruntime.ModelVersion;
import dev.recsys.modelruntime.ModelVersionRepository;
import dev.recsys.platform.error.FieldError;
import dev.recsys.platform.error.ProblemException;
import dev.recsys.recommendation.RecommendationsConfig;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Counts and ranges are validated before any model version is looked up: 50,000 variants were
 * 50,000 registry queries (7.3 s) before the 2-5 check answered 400.
 */
class ExperimentValidationTest {

    /** A registry that counts its lookups, each as slow as a query, and knows no version. */
    private final AtomicInteger lookups = new AtomicInteger();
    private final ModelVersionRepository registry = new ModelVersionRepository(null, null, null) {
        @Override
        public Optional<ModelVersion> find(long version) {
            lookups.incrementAndGet();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        }
    };
    private final ExperimentService service = new ExperimentService(null, registry, null, null, serving());

    private static RecommendationsConfig.Serving serving() {
        return (RecommendationsConfig.Serving) Proxy.newProxyInstance(ExperimentValidationTest.class.getClassLoader(),
                new Class<?>[] {RecommendationsConfig.Serving.class}, (proxy, method, args) -> 1000L);
    }

    private static List<Experiment.Variant> variants(int count) {
        List<Experiment.Variant> variants = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            variants.add(new Experiment.Variant("v" + i, Integer.toString(2 + i), 1));
        }
        return variants;
    }

    @Test
    void fiftyThousandVariantsAreRefusedByTheirCountWithoutALookup() {
        ExperimentRequest request = new ExperimentRequest("huge", variants(50_000), null);
        long started = System.nanoTime();
        ProblemException refused = assertThrows(ProblemException.class, () -> service.create(request));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(400, refused.status());
        assertEquals(List.of(new FieldError("variants", "must list 2 to 5 variants; this has 50000")),
                refused.toProblem().errors());
        assertEquals(0, lookups.get(), "model versions looked up before the count was checked");
        assertTrue(millis < 50, "50,000 variants took " + millis + " ms to refuse");
    }

    @Test
    void everyWrongCountIsRefusedBeforeAnyVariantIsRead() {
        for (int count : new int[] {0, 1, 6, 7, 100, 1_000, 10_000}) {
            List<Experiment.Variant> variants = new ArrayList<>(variants(count));
            if (count > 0) {
                variants.set(0, null); // never read: it would otherwise be an error of its own
            }
            ProblemException refused = assertThrows(ProblemException.class,
                    () -> service.create(new ExperimentRequest(" ", variants, null)));
            assertEquals(List.of(new FieldError("name", "must be 1 to 100 characters"),
                    new FieldError("variants", "must list 2 to 5 variants; this has " + count)), refused.toProblem().errors());
        }
        ProblemException none = assertThrows(ProblemException.class, () -> service.create(new ExperimentRequest("x", null, null)));
        assertEquals(List.of(new FieldError("variants", "must list 2 to 5 variants; this has 0")), none.toProblem().errors());
        assertEquals(0, lookups.get());
    }

    @Test
    void withinTheCountRangesComeFirstAndVersionsAreLookedUpLastOncePerVariant() {
        List<Experiment.Variant> variants = List.of(new Experiment.Variant("control", "active", 50),
                new Experiment.Variant("a", "99", 0), new Experiment.Variant("b", "latest", 30),
                new Experiment.Variant("c", "98", 30));
        ProblemException refused = assertThrows(ProblemException.class,
                () -> service.create(new ExperimentRequest("ranges", variants, null)));
        assertEquals(List.of(new FieldError("variants[1].share", "must be a whole percent from 1 to 99"),
                new FieldError("variants[2].model", "must be a model version number or \"active\", not 'latest'"),
                new FieldError("variants", "the shares must sum to 100; they sum to 110"),
                new FieldError("variants[1].model", "there is no model version 99"),
                new FieldError("variants[3].model", "there is no model version 98")), refused.toProblem().errors());
        assertEquals(2, lookups.get(), "one lookup per variant naming a version, after the other checks");
    }
}
