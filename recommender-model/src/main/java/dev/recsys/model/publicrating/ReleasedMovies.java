package dev.recsys.model.publicrating;

import dev.recsys.model.hybrid.ItemContent;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The released movies a public-rating model learned from, kept so that a planned movie can be shown
 * next to the most similar of them with their real public rating (a negative movie id: minus the TMDB id of a movie no
 * catalog movie links to): similarity counts shared people
 * (a director 3, a writer 2, one of the top-billed cast 1), genre overlap (Jaccard, up to 2) and
 * closeness in year (minus 1 per 25 years apart).
 */
final class ReleasedMovies {

    private final int[] movieIds;
    private final String[] titles;
    private final int[] years;   // 0: unknown
    private final float[] ratings;
    private final int[] votes;
    private final String[][] genres;
    /** Per movie: directors, writers, cast as name ids. */
    private final int[][][] people;
    private final Map<String, Integer> nameIds;

    private ReleasedMovies(int[] movieIds, String[] titles, int[] years, float[] ratings, int[] votes, String[][] genres,
                           int[][][] people, Map<String, Integer> nameIds) {
        this.movieIds = movieIds;
        this.titles = titles;
        this.years = years;
        this.ratings = ratings;
        this.votes = votes;
        this.genres = genres;
        this.people = people;
        this.nameIds = nameIds;
    }

    /** The movies of {@code rows} with their public rating and votes on the targets' scale. */
    static ReleasedMovies of(ItemContent[] content, int[] movieIds, int[] rows, PublicRatingFit.Targets targets) {
        int n = rows.length;
        Map<String, Integer> nameIds = new HashMap<>();
        ReleasedMovies m = new ReleasedMovies(new int[n], new String[n], new int[n], new float[n], new int[n],
                new String[n][], new int[n][][], nameIds);
        for (int k = 0; k < n; k++) {
            ItemContent c = content[rows[k]];
            m.movieIds[k] = movieIds[rows[k]];
            m.titles[k] = c.title() == null ? "" : c.title();
            m.years[k] = c.year() == null ? 0 : c.year();
            m.ratings[k] = (float) targets.rating()[rows[k]];
            m.votes[k] = targets.votes()[rows[k]];
            m.genres[k] = c.genres().toArray(String[]::new);
            m.people[k] = new int[][] {ids(nameIds, c.directors(), true), ids(nameIds, c.writers(), true),
                    ids(nameIds, topCast(c), true)};
        }
        return m;
    }

    private static List<String> topCast(ItemContent c) {
        return c.cast().subList(0, Math.min(PublicRatingFeatures.SUPPORT_CAST, c.cast().size()));
    }

    private static int[] ids(Map<String, Integer> nameIds, List<String> names, boolean add) {
        return names.stream().distinct().mapToInt(name -> add ? nameIds.computeIfAbsent(name, x -> nameIds.size())
                : nameIds.getOrDefault(name, -1)).filter(id -> id >= 0).toArray();
    }

    int size() {
        return movieIds.length;
    }

    /** The {@code k} most similar released movies, most similar first (ties: more votes first). */
    List<PublicRatingModel.Similar> similar(ItemContent c, int k) {
        int[][] asked = {ids(nameIds, c.directors(), false), ids(nameIds, c.writers(), false),
                ids(nameIds, topCast(c), false)};
        Set<String> askedGenres = new HashSet<>(c.genres());
        double[] roleWeights = {3, 2, 1};
        double[] score = new double[movieIds.length];
        Integer[] order = new Integer[movieIds.length];
        for (int j = 0; j < movieIds.length; j++) {
            double s = 0;
            for (int role = 0; role < 3; role++) {
                for (int id : asked[role]) {
                    for (int other : people[j][role]) {
                        if (other == id) {
                            s += roleWeights[role];
                        }
                    }
                }
            }
            int shared = 0;
            for (String g : genres[j]) {
                if (askedGenres.contains(g)) {
                    shared++;
                }
            }
            int union = askedGenres.size() + genres[j].length - shared;
            s += union == 0 ? 0 : 2.0 * shared / union;
            if (c.year() != null && years[j] != 0) {
                s -= Math.abs(c.year() - years[j]) / 25.0;
            }
            score[j] = s;
            order[j] = j;
        }
        Arrays.sort(order, (a, b) -> score[a] != score[b] ? Double.compare(score[b], score[a]) : Integer.compare(votes[b], votes[a]));
        List<PublicRatingModel.Similar> similar = new ArrayList<>();
        for (int i = 0; i < Math.min(k, order.length); i++) {
            int j = order[i];
            similar.add(new PublicRatingModel.Similar(movieIds[j], titles[j], years[j] == 0 ? null : years[j],
                    Math.round(ratings[j] * 10) / 10.0, votes[j], Math.round(score[j] * 1000) / 1000.0));
        }
        return similar;
    }

    void write(DataOutputStream out) throws IOException {
        String[] names = new String[nameIds.size()];
        nameIds.forEach((name, id) -> names[id] = name);
        out.writeInt(names.length);
        for (String name : names) {
            out.writeUTF(name);
        }
        out.writeInt(movieIds.length);
        for (int j = 0; j < movieIds.length; j++) {
            out.writeInt(movieIds[j]);
            out.writeUTF(titles[j]);
            out.writeInt(years[j]);
            out.writeFloat(ratings[j]);
            out.writeInt(votes[j]);
            out.writeInt(genres[j].length);
            for (String g : genres[j]) {
                out.writeUTF(g);
            }
            for (int[] role : people[j]) {
                out.writeInt(role.length);
                for (int id : role) {
                    out.writeInt(id);
                }
            }
        }
    }

    static ReleasedMovies read(DataInputStream in) throws IOException {
        int nameCount = checked(in.readInt());
        Map<String, Integer> nameIds = new HashMap<>(nameCount * 2);
        for (int id = 0; id < nameCount; id++) {
            nameIds.put(in.readUTF(), id);
        }
        int n = checked(in.readInt());
        ReleasedMovies m = new ReleasedMovies(new int[n], new String[n], new int[n], new float[n], new int[n],
                new String[n][], new int[n][][], nameIds);
        for (int j = 0; j < n; j++) {
            m.movieIds[j] = in.readInt();
            m.titles[j] = in.readUTF();
            m.years[j] = in.readInt();
            m.ratings[j] = in.readFloat();
            m.votes[j] = in.readInt();
            m.genres[j] = new String[checked(in.readInt())];
            for (int g = 0; g < m.genres[j].length; g++) {
                m.genres[j][g] = in.readUTF();
            }
            m.people[j] = new int[3][];
            for (int role = 0; role < 3; role++) {
                m.people[j][role] = new int[checked(in.readInt())];
                for (int p = 0; p < m.people[j][role].length; p++) {
                    m.people[j][role][p] = in.readInt();
                }
            }
        }
        return m;
    }

    private static int checked(int length) throws IOException {
        if (length < 0 || length > 100_000_000) {
            throw new IOException("corrupt IMDb-rating model: a list of " + length + " entries");
        }
        return length;
    }
}
