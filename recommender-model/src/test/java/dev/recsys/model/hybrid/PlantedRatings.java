package dev.recsys.model.hybrid;

import dev.recsys.model.data.RatingData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Ratings written one by one by a test that plants structure, and the model trained on all of them. */
public final class PlantedRatings {

    private final List<int[]> pairs = new ArrayList<>();
    private final List<Float> values = new ArrayList<>();

    /** Adds user {@code userId}'s rating of movie {@code movieId}, rounded to half stars within 0.5-5. */
    public void add(int userId, int movieId, double value) {
        pairs.add(new int[] {userId, movieId});
        values.add((float) Math.max(0.5, Math.min(5, Math.round(value * 2) / 2.0)));
    }

    public RatingData data(int[] movieIds) {
        int n = pairs.size();
        float[] ratings = new float[n];
        for (int r = 0; r < n; r++) {
            ratings[r] = values.get(r);
        }
        return RatingData.fromIds(pairs.stream().mapToInt(p -> p[0]).toArray(), pairs.stream().mapToInt(p -> p[1]).toArray(),
                ratings, new long[n], movieIds);
    }

    /** The hybrid model trained on every rating of {@code data}, with {@code content} by movie (ids 1..n). */
    public static HybridModel train(RatingData data, ItemContent[] content, int epochs) {
        ContentVocabulary vocabulary = ContentVocabulary.build(List.of(content));
        ContentVocabulary.Encoded[] encoded = Arrays.stream(content).map(vocabulary::encode)
                .toArray(ContentVocabulary.Encoded[]::new);
        int[] all = new int[data.size()];
        Arrays.setAll(all, r -> r);
        return HybridTrainer.train(data, all, vocabulary, encoded, ModelParams.defaults().withEpochs(epochs),
                HybridTrainer.Listener.NONE);
    }
}
