package dev.recsys.model.publicrating;

import dev.recsys.model.hybrid.ItemContent;
import dev.recsys.model.hybrid.ReleaseFacts;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What the public-rating model reads of a movie, known before release: genre one-hots, year and
 * runtime in quantile bins, and per role (directors, writers, the two top-billed actors, the next
 * four) the mean shrunk target encoding of its people with how well known the best-known of them
 * is. A person's encoding is the vote-weighted mean of (IMDb rating - prior) over their movies,
 * shrunk toward 0 by {@link #shrinkage}: a director with one movie says little. A movie's genres
 * count 1 / (its number of genres) each, so the genre part is the mean of its genres' effects. Built from the
 * training movies only; for the rows it is fitted on, {@link #outOfFold} computes each movie's
 * encodings without its own fold, so the regression sees encodings as noisy as a new movie's.
 * When the fit chose it, a text part follows ({@link ReleaseTextProjection}: the release text's
 * principal components and a has-text flag).
 */
final class PublicRatingFeatures {

    /**
     * In vote weights (each movie weighs at most 1): a person behind fewer movies than this is pulled
     * toward the prior. The fit picks one of these by out-of-fold error.
     */
    static final double[] SHRINKAGES = {1, 3, 10};
    static final int YEAR_BINS = 12;
    static final int RUNTIME_BINS = 8;
    static final int LEAD_CAST = 2;
    static final int SUPPORT_CAST = 6;
    /** Role features: directors, writers, lead cast, supporting cast (both cast roles share one table). */
    static final int ROLES = 4;
    static final String[] ROLE_NAMES = {"directors", "writers", "lead cast", "supporting cast"};
    static final int BUDGET_BINS = 8;
    /** Movies with TMDB facts (or sharing a franchise) a training set needs before those parts are read. */
    static final int MIN_RELEASE_MOVIES = 40;
    static final int MIN_FRANCHISE_MOVIES = 10;

    final String[] genres;
    private final Map<String, Integer> genreIndex = new HashMap<>();
    final double[] yearEdges;
    final double[] runtimeEdges;
    final double prior;
    final double shrinkage;
    /** directors, writers, cast: name to sums. */
    final NameEncodings tables;
    /** The text part, last in the features; null when the fit chose none. */
    final ReleaseTextProjection text;
    /** Edges of the log budget's bins; null when TMDB's facts (budget, month, names) are not read. */
    final double[] budgetEdges;
    /** Whether the franchise's encoding is read. */
    final boolean franchise;

    PublicRatingFeatures(String[] genres, double[] yearEdges, double[] runtimeEdges, double prior, double shrinkage,
                         NameEncodings tables, ReleaseTextProjection text, double[] budgetEdges,
                         boolean franchise) {
        this.budgetEdges = budgetEdges;
        this.franchise = franchise;
        this.shrinkage = shrinkage;
        this.text = text;
        this.genres = genres;
        for (int g = 0; g < genres.length; g++) {
            genreIndex.put(genres[g], g);
        }
        this.yearEdges = yearEdges;
        this.runtimeEdges = runtimeEdges;
        this.prior = prior;
        this.tables = tables;
    }

    /** Vocabulary, bins, prior and name tables from {@code rows} (indices into content, y, w). */
    static PublicRatingFeatures build(ItemContent[] content, double[] y, double[] w, int[] rows, double shrinkage) {
        LinkedHashMap<String, Integer> genreSet = new LinkedHashMap<>();
        List<Double> years = new ArrayList<>();
        List<Double> runtimes = new ArrayList<>();
        List<Double> budgets = new ArrayList<>();
        int withFacts = 0;
        double sum = 0;
        double weight = 0;
        for (int i : rows) {
            ItemContent c = content[i];
            c.genres().forEach(g -> genreSet.putIfAbsent(g, genreSet.size()));
            if (c.year() != null) {
                years.add((double) c.year());
            }
            if (c.runtime() != null) {
                runtimes.add((double) c.runtime());
            }
            if (c.release() != null && c.release().saysAnything()) {
                withFacts++;
                if (c.release().budget() != null) {
                    budgets.add(Math.log(c.release().budget()));
                }
            }
            sum += w[i] * y[i];
            weight += w[i];
        }
        double prior = weight > 0 ? sum / weight : 0;
        NameEncodings tables = NameEncodings.empty();
        for (int i : rows) {
            tables.add(content[i], w[i], y[i] - prior);
        }
        boolean franchise = tables.moviesSharingAFranchise() >= MIN_FRANCHISE_MOVIES;
        return new PublicRatingFeatures(genreSet.keySet().toArray(String[]::new), quantileEdges(years, YEAR_BINS),
                quantileEdges(runtimes, RUNTIME_BINS), prior, shrinkage, tables, null,
                withFacts >= MIN_RELEASE_MOVIES ? quantileEdges(budgets, BUDGET_BINS) : null, franchise);
    }

    /** The same features followed by {@code text}'s part (null: none). */
    PublicRatingFeatures withText(ReleaseTextProjection text) {
        return new PublicRatingFeatures(genres, yearEdges, runtimeEdges, prior, shrinkage, tables, text, budgetEdges,
                franchise);
    }

    /**
     * A movie's inputs to the trees: its features with the year and runtime as plain numbers (NaN when unknown)
     * instead of bins, which trees cut themselves; people, facts and text parts as they are; no intercept.
     */
    double[] treeRow(ItemContent content) {
        return treeRow(features(content), content);
    }

    /** The same from the movie's features {@code x} (out-of-fold ones, in a fit). */
    double[] treeRow(double[] x, ItemContent content) {
        int peopleAt = peopleStart();
        int rest = featureCount() - peopleAt;
        double[] row = new double[genres.length + 2 + rest];
        System.arraycopy(x, 1, row, 0, genres.length);
        row[genres.length] = content.year() == null ? Double.NaN : content.year();
        row[genres.length + 1] = content.runtime() == null ? Double.NaN : content.runtime();
        System.arraycopy(x, peopleAt, row, genres.length + 2, rest);
        return row;
    }

    /** Whether TMDB's facts are read: budget and month bins and the companies, countries, keywords and language. */
    boolean readsRelease() {
        return budgetEdges != null;
    }

    int featureCount() {
        return withoutTextCount() + (text == null ? 0 : text.width());
    }

    /**
     * Where the text part starts: the intercept, genres, year and runtime bins, people; then, when read, the budget
     * and month bins with the companies, countries, keywords and language, and the franchise.
     */
    int withoutTextCount() {
        return releaseStart() + (readsRelease() ? budgetEdges.length + 2 + 13 + 2 * NameEncodings.RELEASE_TABLES.length : 0)
                + (franchise ? 2 : 0);
    }

    /** Where TMDB's facts start (after the people). */
    int releaseStart() {
        return peopleStart() + 2 * ROLES;
    }

    int peopleStart() {
        return 1 + genres.length + YEAR_BINS + 1 + RUNTIME_BINS + 1;
    }

    /** The features of a movie with encodings from {@link #tables}. */
    double[] features(ItemContent c) {
        return features(c, tables, null);
    }

    /**
     * The features of each of {@code rows}, each with people encodings built without the row's own fold
     * ({@code folds} folds by {@code seed}): the rows the regression is fitted on.
     */
    double[][] outOfFold(ItemContent[] content, double[] y, double[] w, int[] rows, int folds, long seed) {
        int[] foldOf = folds(rows.length, folds, seed);
        double[][] x = new double[rows.length][];
        for (int f = 0; f < folds; f++) {
            NameEncodings foldTables = NameEncodings.empty();
            for (int k = 0; k < rows.length; k++) {
                if (foldOf[k] == f) {
                    foldTables.add(content[rows[k]], w[rows[k]], y[rows[k]] - prior);
                }
            }
            for (int k = 0; k < rows.length; k++) {
                if (foldOf[k] == f) {
                    x[k] = features(content[rows[k]], tables, foldTables);
                }
            }
        }
        return x;
    }

    /** A random, balanced fold per row. */
    static int[] folds(int n, int folds, long seed) {
        int[] foldOf = new int[n];
        for (int k = 0; k < n; k++) {
            foldOf[k] = k % folds;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int k = n - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            int t = foldOf[k];
            foldOf[k] = foldOf[j];
            foldOf[j] = t;
        }
        return foldOf;
    }

    /**
     * How much is unknown about a movie's people: per role, 1 / (1 + training movies of its best-known
     * person), 1 when it has none or none is known. Widens the interval ({@link PublicRatingModel}).
     */
    double[] unknowns(ItemContent c) {
        return unknowns(features(c));
    }

    /** {@link #unknowns(ItemContent)} from the movie's features. */
    double[] unknowns(double[] x) {
        double[] u = new double[ROLES];
        int base = peopleStart();
        for (int r = 0; r < ROLES; r++) {
            u[r] = 1 / (1 + Math.expm1(x[base + 2 * r + 1]));
        }
        return u;
    }

    private double[] features(ItemContent c, NameEncodings all, NameEncodings without) {
        double[] x = new double[withoutTextCount()];
        x[0] = 1;
        int at = 1;
        List<String> movieGenres = c.genres().stream().distinct().toList();
        for (String g : movieGenres) {
            Integer index = genreIndex.get(g);
            if (index != null) {
                x[at + index] = 1.0 / movieGenres.size();
            }
        }
        at += genres.length;
        x[at + bin(c.year(), yearEdges)] = 1;
        at += YEAR_BINS + 1;
        x[at + bin(c.runtime(), runtimeEdges)] = 1;
        at += RUNTIME_BINS + 1;
        List<String> cast = NameEncodings.names(c, NameEncodings.CAST_TABLE);
        List<List<String>> roles = List.of(NameEncodings.names(c, 0), NameEncodings.names(c, 1),
                cast.subList(0, Math.min(LEAD_CAST, cast.size())), cast.subList(Math.min(LEAD_CAST, cast.size()), cast.size()));
        for (int r = 0; r < ROLES; r++) {
            all.encode(Math.min(r, NameEncodings.CAST_TABLE), roles.get(r), without, shrinkage, x, at + 2 * r);
        }
        at += 2 * ROLES;
        if (readsRelease()) {
            ReleaseFacts facts = c.release();
            x[at + bin(facts == null || facts.budget() == null ? null : Math.log(facts.budget()), budgetEdges)] = 1;
            at += budgetEdges.length + 2;
            Integer month = facts == null ? null : facts.releaseMonth();
            x[at + (month == null || month < 1 || month > 12 ? 12 : month - 1)] = 1;
            at += 13;
            for (int table : NameEncodings.RELEASE_TABLES) {
                all.encode(table, NameEncodings.names(c, table), without, shrinkage, x, at);
                at += 2;
            }
        }
        if (franchise) {
            all.encode(NameEncodings.FRANCHISE_TABLE, NameEncodings.names(c, NameEncodings.FRANCHISE_TABLE), without,
                    shrinkage, x, at);
        }
        return text == null ? x : text.appendTo(x, c.releaseTextVector());
    }

    /** Bin of a value among {@code edges} (edges.length + 1 bins), the last bin for a missing value. */
    static int bin(Integer value, double[] edges) {
        return bin(value == null ? null : (Double) value.doubleValue(), edges);
    }

    static int bin(Double value, double[] edges) {
        if (value == null) {
            return edges.length + 1;
        }
        int b = 0;
        while (b < edges.length && value >= edges[b]) {
            b++;
        }
        return b;
    }

    /** bins - 1 inner edges at the quantiles (fewer when values repeat); bins stay at most {@code bins}. */
    static double[] quantileEdges(List<Double> values, int bins) {
        if (values.isEmpty()) {
            return new double[0];
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] edges = new double[bins - 1];
        int n = 0;
        for (int b = 1; b < bins; b++) {
            double edge = sorted[(int) ((long) b * sorted.length / bins)];
            if (edge > sorted[0] && (n == 0 || edge > edges[n - 1])) {
                edges[n++] = edge;
            }
        }
        return Arrays.copyOf(edges, n);
    }

    /** Fields of a movie this model could not use (unknown genres), as "field: why". */
    List<String> unusedFields(ItemContent c) {
        List<String> unused = new ArrayList<>();
        for (String g : c.genres()) {
            if (!genreIndex.containsKey(g)) {
                unused.add("genres: '" + g + "' is unknown to the public-rating model");
            }
        }
        ReleaseFacts r = c.release();
        if (r != null && !readsRelease()) {
            String why = ": the training catalog had too few movies with TMDB metadata (load TMDB's files to use it)";
            if (r.budget() != null) {
                unused.add("budget" + why);
            }
            if (r.releaseMonth() != null) {
                unused.add("releaseMonth" + why);
            }
            if (r.originalLanguage() != null) {
                unused.add("originalLanguage" + why);
            }
            for (String[] list : new String[][] {{"companies", String.valueOf(r.companies().size())},
                {"countries", String.valueOf(r.countries().size())}, {"keywords", String.valueOf(r.keywords().size())}}) {
                if (!list[1].equals("0")) {
                    unused.add(list[0] + why);
                }
            }
        }
        if (r != null && r.collection() != null && !franchise) {
            unused.add("collection: the training catalog had too few franchises to learn from");
        }
        return unused;
    }

    void write(DataOutputStream out) throws IOException {
        out.writeInt(genres.length);
        for (String g : genres) {
            out.writeUTF(g);
        }
        writeDoubles(out, yearEdges);
        writeDoubles(out, runtimeEdges);
        out.writeDouble(prior);
        out.writeDouble(shrinkage);
        tables.write(out);
        out.writeBoolean(text != null);
        if (text != null) {
            text.write(out);
        }
        out.writeBoolean(readsRelease());
        if (readsRelease()) {
            writeDoubles(out, budgetEdges);
        }
        out.writeBoolean(franchise);
    }

    /** Format 1 (before the text part) ends with the people tables; formats 1 and 2 have three tables and no TMDB part. */
    static PublicRatingFeatures read(DataInputStream in, int format) throws IOException {
        String[] genres = new String[in.readInt()];
        for (int g = 0; g < genres.length; g++) {
            genres[g] = in.readUTF();
        }
        double[] yearEdges = readDoubles(in);
        double[] runtimeEdges = readDoubles(in);
        double prior = in.readDouble();
        double shrinkage = in.readDouble();
        NameEncodings tables = NameEncodings.read(in, format);
        ReleaseTextProjection text = format >= 2 && in.readBoolean() ? ReleaseTextProjection.read(in) : null;
        double[] budgetEdges = format >= 3 && in.readBoolean() ? readDoubles(in) : null;
        boolean franchise = format >= 3 && in.readBoolean();
        return new PublicRatingFeatures(genres, yearEdges, runtimeEdges, prior, shrinkage, tables, text, budgetEdges,
                franchise);
    }

    static void writeDoubles(DataOutputStream out, double[] values) throws IOException {
        out.writeInt(values.length);
        for (double v : values) {
            out.writeDouble(v);
        }
    }

    static double[] readDoubles(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 10_000_000) {
            throw new IOException("corrupt IMDb-rating model: an array of " + n + " values");
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = in.readDouble();
        }
        return values;
    }
}
