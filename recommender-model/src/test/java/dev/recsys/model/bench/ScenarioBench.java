package dev.recsys.model.bench;

import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.model.hybrid.ItemContent;
import dev.recsys.model.scenarios.ScenarioScorer;
import dev.recsys.model.segments.TasteSegments;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenario scoring speed: a model trained on a generated catalog of USERS users, then 100 variants
 * of a planned movie scored for every user (mean, per segment, audience), as POST /scenarios does.
 *
 * <pre>ScenarioBench [users] [movies] [ratings]   (default 100000 3000 2000000)</pre>
 */
public final class ScenarioBench {

    private ScenarioBench() {
    }

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int movies = args.length > 1 ? Integer.parseInt(args[1]) : 3_000;
        int ratings = args.length > 2 ? Integer.parseInt(args[2]) : 2_000_000;
        try (HybridModel model = GeneratedModel.trainOneEpoch("scenario-bench", users, movies, ratings)) {
            long started = System.nanoTime();
            TasteSegments segments = TasteSegments.fit(model.userVectors(), model.userCount(), model.dimension(), null, 7);
            System.out.printf("segments: k %d in %.1f s%n", segments.k(), (System.nanoTime() - started) / 1e9);
            started = System.nanoTime();
            ScenarioScorer scorer = ScenarioScorer.of(model, segments.assignments(), segments.k());
            System.out.printf("scorer (entry bars, sampled %s): %.1f s, once per model version%n", scorer.sampled(),
                    (System.nanoTime() - started) / 1e9);
            String[] genres = {"Drama", "Comedy", "Thriller", "Horror", "Romance"};
            List<ItemContent> variants = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                variants.add(new ItemContent(List.of(genres[i % 5], genres[(i / 5) % 5]), "Planned", List.of(), List.of(),
                        List.of(), 2020 + i % 7, 80 + (i / 25) * 20, null, null));
            }
            for (int round = 1; round <= 3; round++) {
                started = System.nanoTime();
                long audience = 0;
                for (ItemContent variant : variants) {
                    audience += scorer.score(variant).audience();
                }
                System.out.printf("round %d: 100 variants x %d users in %.3f s (total audience %d)%n", round,
                        model.userCount(), (System.nanoTime() - started) / 1e9, audience);
            }
        }
    }
}
