package dev.recsys.modelruntime.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.platform.error.FieldError;
import dev.recsys.platform.error.ProblemException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScenarioServiceTest {

    @Test
    void theCountIsTheProductOfTheSizes() {
        assertEquals(1, ScenarioService.combinationCount());
        assertEquals(0, ScenarioService.combinationCount(3, 0, 5));
        assertEquals(1100, ScenarioService.combinationCount(11, 10, 10));
        assertEquals(1L << 62, ScenarioService.combinationCount(4, 1 << 30, 1 << 30));
    }

    @Test
    void theCountSaturatesInsteadOfWrappingAround() {
        // The probe's body: 8 titles x 1,024 years x ... x 1,024 actor lists, 2^63, which a plain long wraps to Long.MIN_VALUE.
        assertEquals(Long.MAX_VALUE, ScenarioService.combinationCount(8, 1024, 1024, 1024, 1024, 1024, 1024));
        assertEquals(Long.MAX_VALUE, ScenarioService.combinationCount(Integer.MAX_VALUE, Integer.MAX_VALUE,
                Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, ScenarioService.combinationCount(Integer.MAX_VALUE, Integer.MAX_VALUE, 3));
        // Just below the limit stays exact: (2^31 - 1)^2 x 2 = 2^63 - 2^33 + 2.
        assertEquals(Long.MAX_VALUE - (1L << 33) + 3, ScenarioService.combinationCount(Integer.MAX_VALUE, Integer.MAX_VALUE, 2, 1));
    }

    @Test
    void randomSizesAreCountedExactlyOrSaturatedNeverNegative() {
        Random random = new Random(33);
        BigInteger max = BigInteger.valueOf(Long.MAX_VALUE);
        for (int trial = 0; trial < 100_000; trial++) {
            int[] sizes = new int[1 + random.nextInt(7)];
            BigInteger exact = BigInteger.ONE;
            for (int i = 0; i < sizes.length; i++) {
                sizes[i] = randomSize(random);
                exact = exact.multiply(BigInteger.valueOf(sizes[i]));
            }
            long count = ScenarioService.combinationCount(sizes);
            assertTrue(count >= 0, "negative count for " + java.util.Arrays.toString(sizes));
            assertEquals(exact.min(max).longValueExact(), count, java.util.Arrays.toString(sizes));
        }
    }

    /** Small, a power of two, or anything up to Integer.MAX_VALUE: the sizes a hostile body would pick. */
    private static int randomSize(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> 1 + random.nextInt(12);
            case 1 -> 1 << random.nextInt(31);
            default -> 1 + random.nextInt(Integer.MAX_VALUE);
        };
    }

    @Test
    void hugeVariationsAreRefusedFromTheirSizesBeforeAnyValueIsRead() {
        Random random = new Random(7);
        long started = System.nanoTime();
        for (int trial = 0; trial < 1_000; trial++) {
            // nCopies holds one value whatever its size: a test of the order of the checks, not of memory. A check that
            // walked the values (or built a single combination) would take seconds per trial.
            ScenarioRequest.Variations variations = new ScenarioRequest.Variations(
                    Collections.nCopies(randomSize(random), "A"), Collections.nCopies(1001 + random.nextInt(Integer.MAX_VALUE - 1001), 1990),
                    Collections.nCopies(randomSize(random), 100), Collections.nCopies(randomSize(random), List.of("Drama")),
                    Collections.nCopies(randomSize(random), List.of("Someone")), null,
                    Collections.nCopies(1 + random.nextInt(3), List.of("Someone Else")), null, null);
            ProblemException refused = assertThrows(ProblemException.class, () -> ScenarioService.combinations(variations));
            assertEquals(400, refused.status());
            assertEquals(List.of("variations"), fields(refused));
            assertTrue(refused.getMessage().matches("invalid variations: the variations make (more than )?\\d+ combinations; "
                    + "at most 1000 are scored in one request"), refused.getMessage());
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < 1_000, "1,000 refusals took " + millis + " ms");

        ScenarioRequest.Variations probe = new ScenarioRequest.Variations(Collections.nCopies(8, "A"),
                Collections.nCopies(1024, 1990), Collections.nCopies(1024, 100), Collections.nCopies(1024, List.of("Drama")),
                Collections.nCopies(1024, List.of("D")), Collections.nCopies(1024, List.of("W")),
                Collections.nCopies(1024, List.of("A")), null, null);
        ProblemException refused = assertThrows(ProblemException.class, () -> ScenarioService.combinations(probe));
        assertEquals("invalid variations: the variations make more than 9223372036854775807 combinations; at most 1000 "
                + "are scored in one request", refused.getMessage());
    }

    @Test
    void alternativesHaveTheSameBoundsAsANewMovie() {
        ProblemException years = assertThrows(ProblemException.class, () -> ScenarioService.combinations(
                new ScenarioRequest.Variations(null, List.of(1000, 1990, 3000), null, null, null, null, null, null, null)));
        assertEquals(400, years.status());
        assertEquals(List.of("variations.years[0]", "variations.years[2]"), fields(years));
        assertEquals("variations.years[0]: must be between 1870 and 2100", years.getMessage());

        ProblemException runtimes = assertThrows(ProblemException.class, () -> ScenarioService.combinations(
                new ScenarioRequest.Variations(null, null, List.of(0, 90, 1001), null, null, null, null, null, null)));
        assertEquals(List.of("variations.runtimes[0]", "variations.runtimes[2]"), fields(runtimes));
        assertEquals("variations.runtimes[0]: must be between 1 and 1000 minutes", runtimes.getMessage());

        List<String> hundredAndOne = Collections.nCopies(101, "Someone");
        ProblemException people = assertThrows(ProblemException.class, () -> ScenarioService.combinations(
                new ScenarioRequest.Variations(List.of("x".repeat(501)), null, null, List.of(List.of("Drama"), List.of(" ")),
                        null, null, List.of(List.of("A"), hundredAndOne), null, null)));
        assertEquals(List.of("variations.titles[0]", "variations.genres[1][0]", "variations.actors[1]"), fields(people));
        assertEquals("variations.titles[0]: at most 500 characters", people.getMessage());

        List<Integer> withNull = new ArrayList<>(List.of(1990));
        withNull.add(null);
        ProblemException nulls = assertThrows(ProblemException.class, () -> ScenarioService.combinations(
                new ScenarioRequest.Variations(null, withNull, null, null, null, null, null, null, null)));
        assertEquals("variations.years[1]: must not be null", nulls.getMessage());

        List<Map<String, Object>> fine = ScenarioService.combinations(new ScenarioRequest.Variations(null,
                List.of(1870, 2100), List.of(1, 1000), null, null, null, null, null, null));
        assertEquals(List.of(Map.of("year", 1870, "runtime", 1), Map.of("year", 1870, "runtime", 1000),
                Map.of("year", 2100, "runtime", 1), Map.of("year", 2100, "runtime", 1000)), fine);
    }

    @Test
    void budgetsAndCompaniesVaryLikeTheOtherFields() {
        ProblemException budgets = assertThrows(ProblemException.class, () -> ScenarioService.combinations(
                new ScenarioRequest.Variations(null, null, null, null, null, null, null, List.of(0L, 5_000_000L),
                        List.of(List.of("Pixar"), List.of(" ")))));
        assertEquals(List.of("variations.budgets[0]", "variations.companies[1][0]"), fields(budgets));
        assertEquals("variations.budgets[0]: must be between 1 and 1000000000000 US dollars", budgets.getMessage());
        List<Map<String, Object>> fine = ScenarioService.combinations(new ScenarioRequest.Variations(null, null, null, null,
                null, null, null, List.of(5_000_000L, 50_000_000L), List.of(List.of("Pixar"), List.of("A24"))));
        assertEquals(List.of(Map.of("budget", 5_000_000L, "companies", List.of("Pixar")),
                Map.of("budget", 5_000_000L, "companies", List.of("A24")),
                Map.of("budget", 50_000_000L, "companies", List.of("Pixar")),
                Map.of("budget", 50_000_000L, "companies", List.of("A24"))), fine);
    }

    private static List<String> fields(ProblemException problem) {
        return problem.toProblem().errors().stream().map(FieldError::field).toList();
    }
}
