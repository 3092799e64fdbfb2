package dev.recsys.model.segments;

import dev.recsys.model.data.RatingData;
import dev.recsys.model.hybrid.ItemContent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What defines each taste segment, in words a product person reads: its size, the mean rating its
 * users give, and the genres, directors and movies over-represented among what they liked (rated
 * 4 or more) compared with the whole user base ("lift": 2.0 = twice as common as overall).
 */
public final class SegmentProfiles {

    static final float LIKED = 4.0f;
    static final int TOP = 5;
    static final int MIN_SUPPORT = 5;

    /** A genre or director and how much more the segment likes it than everyone does. */
    public record Trait(String name, double lift, double share) {
    }

    /** A movie the segment likes far more than everyone does. */
    public record Movie(int movieId, String title, double lift, int likedBy) {
    }

    /** One segment; {@code centroid} is its taste direction (to place a user in it). */
    public record Profile(int id, int users, double share, double meanRating, List<Trait> genres, List<Trait> directors,
                          List<Movie> movies, float[] centroid) {
    }

    private SegmentProfiles() {
    }

    /**
     * Profiles of {@code segments}; {@code userOf} maps a rating's user index (in {@code data}) to
     * the user's index in the segments (or -1 when the user is not segmented), {@code content} is
     * by item index of {@code data}.
     */
    public static List<Profile> describe(TasteSegments segments, RatingData data, Function<Integer, Integer> userOf,
                                         ItemContent[] content) {
        int k = segments.k();
        int[] assignment = segments.assignments();
        int[] usersIn = new int[k];
        for (int a : assignment) {
            usersIn[a]++;
        }
        double[] ratingSum = new double[k];
        long[] ratingCount = new long[k];
        long[] likedCount = new long[k + 1];   // index k: everyone
        List<Map<String, Integer>> genres = counters(k + 1);
        List<Map<String, Integer>> directors = counters(k + 1);
        List<Map<Integer, Integer>> movies = new ArrayList<>();
        for (int s = 0; s <= k; s++) {
            movies.add(new HashMap<>());
        }
        int segmented = 0;
        int[] segmentOfDataUser = new int[data.userCount()];
        for (int u = 0; u < data.userCount(); u++) {
            int index = userOf.apply(u);
            segmentOfDataUser[u] = index < 0 ? -1 : assignment[index];
            segmented += index < 0 ? 0 : 1;
        }
        for (int r = 0; r < data.size(); r++) {
            int s = segmentOfDataUser[data.user(r)];
            if (s < 0) {
                continue;
            }
            ratingSum[s] += data.rating(r);
            ratingCount[s]++;
            if (data.rating(r) < LIKED) {
                continue;
            }
            int item = data.item(r);
            for (int target : new int[] {s, k}) {
                likedCount[target]++;
                movies.get(target).merge(item, 1, Integer::sum);
                ItemContent c = content[item];
                if (c != null) {
                    c.genres().forEach(g -> genres.get(target).merge(g, 1, Integer::sum));
                    c.directors().forEach(d -> directors.get(target).merge(d, 1, Integer::sum));
                }
            }
        }
        int everyone = Math.max(1, segmented);
        List<Profile> profiles = new ArrayList<>();
        for (int s = 0; s < k; s++) {
            List<Movie> characteristic = new ArrayList<>();
            for (Map.Entry<Integer, Integer> e : movies.get(s).entrySet()) {
                int likedBy = e.getValue();
                if (likedBy < Math.max(3, Math.ceil(0.05 * usersIn[s]))) {
                    continue;
                }
                double lift = ((double) likedBy / usersIn[s]) / ((double) movies.get(k).get(e.getKey()) / everyone);
                ItemContent c = content[e.getKey()];
                characteristic.add(new Movie(data.itemId(e.getKey()), c == null ? "" : c.title(), round(lift), likedBy));
            }
            characteristic.sort(Comparator.comparingDouble(Movie::lift).reversed().thenComparing(Movie::movieId));
            profiles.add(new Profile(s, usersIn[s], round((double) usersIn[s] / everyone),
                    ratingCount[s] == 0 ? 0 : round(ratingSum[s] / ratingCount[s]),
                    traits(genres.get(s), likedCount[s], genres.get(k), likedCount[k]),
                    traits(directors.get(s), likedCount[s], directors.get(k), likedCount[k]),
                    List.copyOf(characteristic.subList(0, Math.min(TOP, characteristic.size()))),
                    centroid(segments, s)));
        }
        return profiles;
    }

    private static List<Trait> traits(Map<String, Integer> segment, long segmentTotal, Map<String, Integer> all,
                                      long allTotal) {
        List<Trait> traits = new ArrayList<>();
        if (segmentTotal == 0) {
            return traits;
        }
        for (Map.Entry<String, Integer> e : segment.entrySet()) {
            if (e.getValue() < MIN_SUPPORT) {
                continue;
            }
            double share = (double) e.getValue() / segmentTotal;
            double lift = share / ((double) all.get(e.getKey()) / allTotal);
            if (lift > 1) {
                traits.add(new Trait(e.getKey(), round(lift), round(share)));
            }
        }
        traits.sort(Comparator.comparingDouble(Trait::lift).reversed().thenComparing(Trait::name));
        return List.copyOf(traits.subList(0, Math.min(TOP, traits.size())));
    }

    private static float[] centroid(TasteSegments segments, int s) {
        float[] all = segments.centroids();
        int d = all.length / segments.k();
        float[] one = new float[d];
        System.arraycopy(all, s * d, one, 0, d);
        return one;
    }

    private static List<Map<String, Integer>> counters(int n) {
        List<Map<String, Integer>> maps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            maps.add(new HashMap<>());
        }
        return maps;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
