package dev.recsys.model.publicrating;

import dev.recsys.model.hybrid.ItemContent;
import dev.recsys.model.hybrid.ReleaseFacts;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shrunk target encodings of the names a movie is made of, one table per kind: directors, writers, cast (formats 1
 * and 2 have these three), then TMDB's production companies, production countries, keywords and original language, and
 * the franchise ({@link FranchiseKeys}). A name's encoding is Σ w·(rating − prior) / (Σ w + shrinkage) over its movies;
 * {@link #encode} reads them less a held-out fold's sums, so training rows see encodings as noisy as a new movie's.
 */
final class NameEncodings {

    static final int TABLES = 8;
    static final int PEOPLE_TABLES = 3;
    static final int CAST_TABLE = 2;
    static final int[] RELEASE_TABLES = {3, 4, 5, 6};
    static final int FRANCHISE_TABLE = 7;
    /** A movie's first companies and keywords only: the long tail says little and costs time. */
    static final int MAX_COMPANIES = 5;
    static final int MAX_KEYWORDS = 20;

    /** One name's sums over the movies an encoding is built from. */
    static final class Sums {
        double weightedResidual;
        double weight;
        int movies;
    }

    private final List<Map<String, Sums>> tables;

    private NameEncodings(List<Map<String, Sums>> tables) {
        this.tables = tables;
    }

    static NameEncodings empty() {
        List<Map<String, Sums>> tables = new ArrayList<>(TABLES);
        for (int t = 0; t < TABLES; t++) {
            tables.add(new HashMap<>());
        }
        return new NameEncodings(tables);
    }

    /** Adds a movie's residual to each of its names. */
    void add(ItemContent c, double weight, double residual) {
        for (int table = 0; table < TABLES; table++) {
            for (String name : names(c, table)) {
                Sums s = tables.get(table).computeIfAbsent(name, n -> new Sums());
                s.weightedResidual += weight * residual;
                s.weight += weight;
                s.movies++;
            }
        }
    }

    /**
     * A table's names of a movie: directors, writers, the first {@link PublicRatingFeatures#SUPPORT_CAST} billed actors,
     * then TMDB's companies, countries, keywords and original language, and its franchise keys.
     */
    static List<String> names(ItemContent c, int table) {
        ReleaseFacts r = c.release();
        List<String> names = switch (table) {
            case 0 -> c.directors();
            case 1 -> c.writers();
            case CAST_TABLE -> c.cast().subList(0, Math.min(PublicRatingFeatures.SUPPORT_CAST, c.cast().size()));
            case 3 -> r == null ? List.of() : r.companies().subList(0, Math.min(MAX_COMPANIES, r.companies().size()));
            case 4 -> r == null ? List.of() : r.countries();
            case 5 -> r == null ? List.of() : r.keywords().subList(0, Math.min(MAX_KEYWORDS, r.keywords().size()));
            case 6 -> r == null || r.originalLanguage() == null ? List.of() : List.of(r.originalLanguage());
            default -> FranchiseKeys.of(c);
        };
        return names.size() < 2 ? names : names.stream().distinct().toList();
    }

    /** How many movies share a franchise with another one: whether the franchise says anything. */
    int moviesSharingAFranchise() {
        return tables.get(FRANCHISE_TABLE).values().stream().filter(s -> s.movies > 1).mapToInt(s -> s.movies).sum();
    }

    /**
     * The mean encoding of {@code names} in {@code table} (less what {@code held} holds: the row's own fold) and
     * log(1 + the movies behind the best-known of them), written at {@code x[at]} and {@code x[at + 1]}.
     */
    void encode(int table, List<String> names, NameEncodings held, double shrinkage, double[] x, int at) {
        Map<String, Sums> all = tables.get(table);
        Map<String, Sums> out = held == null ? null : held.tables.get(table);
        double encodings = 0;
        int known = 0;
        int bestKnown = 0;
        for (String name : names) {
            Sums s = all.get(name);
            Sums h = out == null ? null : out.get(name);
            int movies = (s == null ? 0 : s.movies) - (h == null ? 0 : h.movies);
            if (movies <= 0) {
                continue;
            }
            double weight = s.weight - (h == null ? 0 : h.weight);
            double residual = s.weightedResidual - (h == null ? 0 : h.weightedResidual);
            encodings += residual / (Math.max(0, weight) + shrinkage);
            known++;
            bestKnown = Math.max(bestKnown, movies);
        }
        x[at] = known == 0 ? 0 : encodings / known;
        x[at + 1] = Math.log1p(bestKnown);
    }

    void write(DataOutputStream out) throws IOException {
        out.writeInt(tables.size());
        for (Map<String, Sums> table : tables) {
            out.writeInt(table.size());
            for (Map.Entry<String, Sums> e : table.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeDouble(e.getValue().weightedResidual);
                out.writeDouble(e.getValue().weight);
                out.writeInt(e.getValue().movies);
            }
        }
    }

    /** Formats 1 and 2 hold the three people tables without a count. */
    static NameEncodings read(DataInputStream in, int format) throws IOException {
        int tableCount = format >= 3 ? in.readInt() : PEOPLE_TABLES;
        if (tableCount < PEOPLE_TABLES || tableCount > TABLES) {
            throw new IOException("corrupt public-rating model: " + tableCount + " name tables");
        }
        NameEncodings encodings = empty();
        for (int t = 0; t < tableCount; t++) {
            int n = in.readInt();
            Map<String, Sums> table = encodings.tables.get(t);
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                Sums s = new Sums();
                s.weightedResidual = in.readDouble();
                s.weight = in.readDouble();
                s.movies = in.readInt();
                table.put(name, s);
            }
        }
        return encodings;
    }
}
