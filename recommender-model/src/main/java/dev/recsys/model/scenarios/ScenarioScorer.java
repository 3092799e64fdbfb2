package dev.recsys.model.scenarios;

import dev.recsys.model.RatingScale;
import dev.recsys.model.hybrid.ContentVocabulary;
import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.model.hybrid.ItemContent;
import dev.recsys.model.hybrid.NewMovie;
import java.util.Arrays;

/**
 * What the current users would think of a movie that does not exist yet, from its content alone
 * (the cold tower): the mean predicted rating over every user and per taste segment, and its
 * audience, the users whose current top-{@value #TOP} by predicted rating (among the movies they
 * have not rated) it would enter. The per-user entry bar is computed once per model; on a big
 * catalog it is computed for a regular sample of users and the audience is scaled up from it.
 */
public final class ScenarioScorer {

    public static final int TOP = 20;
    /** Above this many user × movie products the entry bars come from a regular sample of users (about 6 s of work at 32 dimensions). */
    static final long MAX_BAR_WORK = 300_000_000L;

    /** One scored movie: mean rating over users, the audience, and the mean per segment (empty without segments). */
    public record Score(double meanRating, long audience, double[] segmentMeans) {
    }

    private final HybridModel model;
    private final int[] segmentOf;
    private final int segments;
    private final int step;
    private final float[] bar;

    private ScenarioScorer(HybridModel model, int[] segmentOf, int segments, int step, float[] bar) {
        this.model = model;
        this.segmentOf = segmentOf;
        this.segments = segments;
        this.step = step;
        this.bar = bar;
    }

    /**
     * A scorer for {@code model}; {@code segmentOf} gives each user's segment (null: no segments).
     * Costs one pass of the rating head over users × movies (sampled on big catalogs).
     */
    public static ScenarioScorer of(HybridModel model, int[] segmentOf, int segments) {
        int users = model.userCount();
        int items = model.movieCount();
        int step = (int) Math.max(1, Math.ceil((double) users * items / MAX_BAR_WORK));
        float[] bar = new float[(users + step - 1) / step];
        float[] predicted = new float[items];
        for (int s = 0; s < bar.length; s++) {
            int user = s * step;
            for (int item = 0; item < items; item++) {
                predicted[item] = (float) RatingScale.clamp(model.predict(user, item));
            }
            for (int item : model.trainedMovies(user)) {
                predicted[item] = Float.NEGATIVE_INFINITY;
            }
            bar[s] = kthLargest(predicted, Math.min(TOP, items));
        }
        return new ScenarioScorer(model, segmentOf, segmentOf == null ? 0 : segments, step, bar);
    }

    /** Whether audiences are estimated from a sample of users (a big catalog). */
    public boolean sampled() {
        return step > 1;
    }

    public Score score(ItemContent content) {
        return score(content, new int[0]);
    }

    /** The same for a variant that continues a franchise of these movies ({@link HybridModel#newMovie(ContentVocabulary.Encoded, int[])}). */
    public Score score(ItemContent content, int[] franchiseMovies) {
        NewMovie movie = model.newMovie(model.vocabulary().encode(content), franchiseMovies);
        int users = model.userCount();
        double sum = 0;
        double[] segmentSums = new double[segments];
        int[] segmentCounts = new int[segments];
        long entered = 0;
        for (int user = 0; user < users; user++) {
            double rating = RatingScale.clamp(movie.predict(user));
            sum += rating;
            if (segments > 0) {
                segmentSums[segmentOf[user]] += rating;
                segmentCounts[segmentOf[user]]++;
            }
            if (user % step == 0 && rating > bar[user / step]) {
                entered++;
            }
        }
        double[] segmentMeans = new double[segments];
        for (int s = 0; s < segments; s++) {
            segmentMeans[s] = segmentCounts[s] == 0 ? Double.NaN : segmentSums[s] / segmentCounts[s];
        }
        long audience = step == 1 ? entered : Math.round((double) entered * users / bar.length);
        return new Score(users == 0 ? Double.NaN : sum / users, audience, segmentMeans);
    }

    /** The k-th largest value (a min-heap of the k largest seen). */
    static float kthLargest(float[] values, int k) {
        float[] heap = new float[k];
        Arrays.fill(heap, Float.NEGATIVE_INFINITY);
        for (float v : values) {
            if (v > heap[0]) {
                heap[0] = v;
                for (int i = 0; ; ) {
                    int smallest = i;
                    int left = 2 * i + 1;
                    int right = left + 1;
                    if (left < k && heap[left] < heap[smallest]) {
                        smallest = left;
                    }
                    if (right < k && heap[right] < heap[smallest]) {
                        smallest = right;
                    }
                    if (smallest == i) {
                        break;
                    }
                    float t = heap[i];
                    heap[i] = heap[smallest];
                    heap[smallest] = t;
                    i = smallest;
                }
            }
        }
        return heap[0];
    }
}
