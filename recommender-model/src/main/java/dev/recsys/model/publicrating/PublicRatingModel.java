package dev.recsys.model.publicrating;

import dev.recsys.model.hybrid.ItemContent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The IMDb rating a movie will get, from what is known before release (docs/architecture.md,
 * "public rating"): a ridge regression over {@link PublicRatingFeatures} (the release text's among them
 * when the fit found it helps), with an 80 % interval
 * predicted ± q · spread(x), where spread(x) grows with how little is known about the movie's people
 * and q is the split-conformal quantile of the out-of-fold errors over their spread. Immutable;
 * stored apart from the main artifact in its own small format ({@link #FORMAT_VERSION}).
 */
public final class PublicRatingModel {

    /**
     * 4: gradient-boosted trees may give the point (when they beat the ridge on held-out movies);
     * 3: TMDB's facts and the franchise among the features, and the scale learned (IMDb's or TMDB's);
     * 2: the features may end with a text part ({@link ReleaseTextProjection}). Formats 1 and 2 are still read.
     */
    public static final int FORMAT_VERSION = 4;
    private static final int OLDEST_READABLE = 1;
    private static final int MAGIC = 0x50524d31;   // "PRM1"
    public static final double COVERAGE = 0.8;
    /** The public rating a model learned: IMDb's average (1-10) where IMDb ratings are loaded, else TMDB's (0-10). */
    public enum Scale {
        IMDB(1, 10), TMDB(0, 10);

        final double min;
        final double max;

        Scale(double min, double max) {
            this.min = min;
            this.max = max;
        }

        /** The field an answer names it by: {@code imdbRating} or {@code tmdbRating}. */
        public String field() {
            return this == IMDB ? "imdbRating" : "tmdbRating";
        }
    }

    /** A predicted public rating with its 80 % interval, on the model's {@link Scale}. */
    public record Interval(double predicted, double low, double high) {
    }

    /** A released movie and how close it is to the asked one (see {@link ReleasedMovies}). */
    public record Similar(int movieId, String title, Integer year, double imdbRating, int imdbVotes, double similarity) {
    }

    final PublicRatingFeatures features;
    /** The ridge's weights; null when trees give the point and no ridge was fitted on every movie. */
    final double[] weights;
    /** spread(x) = max(floor, spread[0] + Σ spread[1 + r] · unknowns(x)[r]). */
    final double[] spread;
    final double spreadFloor;
    final double quantile;
    private final ReleasedMovies released;
    /** The ridge strength it was fitted with (a refit takes it over). */
    final double ridge;
    private final Scale scale;
    /** Null: the ridge gives the point. */
    private final ServedTrees trees;

    /**
     * Trees that give the point instead of the ridge (the spread's shape stays the ridge's): their features
     * (the ridge's with a text part of their own when the ridge reads none) and their interval's quantile,
     * calibrated on the evaluation's held-out movies.
     */
    record ServedTrees(TreeEnsemble ensemble, PublicRatingFeatures features, double quantile) {
    }

    PublicRatingModel(PublicRatingFeatures features, double[] weights, double[] spread, double spreadFloor, double quantile,
                      ReleasedMovies released, double ridge, Scale scale) {
        this(features, weights, spread, spreadFloor, quantile, released, ridge, scale, null);
    }

    private PublicRatingModel(PublicRatingFeatures features, double[] weights, double[] spread, double spreadFloor,
                              double quantile, ReleasedMovies released, double ridge, Scale scale, ServedTrees trees) {
        this.trees = trees;
        this.ridge = ridge;
        this.scale = scale;
        this.features = features;
        this.weights = weights;
        this.spread = spread;
        this.spreadFloor = spreadFloor;
        this.quantile = quantile;
        this.released = released;
    }

    /** The same model with {@code trees} giving the point. */
    PublicRatingModel withTrees(ServedTrees trees) {
        return new PublicRatingModel(features, weights, spread, spreadFloor, quantile, released, ridge, scale, trees);
    }

    public Interval predict(ItemContent content) {
        double[] x = features.features(content);
        double spread = spread(features.unknowns(x));
        if (trees != null) {
            return interval(trees.ensemble().predict(trees.features().treeRow(content)), trees.quantile() * spread);
        }
        return interval(dot(weights, x), quantile * spread);
    }

    /** {@code predicted} ± {@code halfWidth}, each kept on the scale and rounded to hundredths. */
    Interval interval(double predicted, double halfWidth) {
        return new Interval(round(clamp(predicted)), round(clamp(predicted - halfWidth)), round(clamp(predicted + halfWidth)));
    }

    /** What gives the point: {@code ridge} or {@code trees}. */
    public String served() {
        return trees == null ? "ridge" : "trees";
    }

    /** The scale it predicts: IMDb's or TMDB's rating. */
    public Scale scale() {
        return scale;
    }

    /** Whether it reads TMDB's facts (budget, release month, language, companies, countries, keywords). */
    public boolean readsReleaseFacts() {
        return features.readsRelease();
    }

    /** Whether it reads the franchise a movie continues (TMDB's collection, or a title that continues another's). */
    public boolean readsFranchise() {
        return features.franchise;
    }

    /** The ridge's point (before clamping), what the evaluation measures. */
    double point(ItemContent content) {
        return dot(weights, features.features(content));
    }

    /** The spread of the movie's interval: how little is known about it. */
    double spread(ItemContent content) {
        return spread(features.unknowns(features.features(content)));
    }

    double spread(double[] unknowns) {
        double s = spread[0];
        for (int r = 0; r < unknowns.length; r++) {
            s += spread[1 + r] * unknowns[r];
        }
        return Math.max(spreadFloor, s);
    }

    /** The {@code k} released movies most like this one, with their real IMDb ratings. */
    public List<Similar> similar(ItemContent content, int k) {
        return released.similar(content, k);
    }

    /** Fields of the description this model could not use (unknown genres), as "field: why". */
    public List<String> unusedFields(ItemContent content) {
        return features.unusedFields(content);
    }

    /**
     * Whether it reads a movie's release-text vector ({@link ItemContent#releaseTextVector()}: title and
     * plot); a movie without one is predicted as one without text.
     */
    public boolean readsText() {
        return features.text != null;
    }

    /** How many released movies it learned from. */
    public int trainedMovies() {
        return released.size();
    }

    public byte[] write() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(bytes))) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT_VERSION);
            features.write(out);
            PublicRatingFeatures.writeDoubles(out, weights == null ? new double[0] : weights);
            PublicRatingFeatures.writeDoubles(out, spread);
            out.writeDouble(spreadFloor);
            out.writeDouble(quantile);
            out.writeDouble(ridge);
            released.write(out);
            out.writeUTF(scale.name());
            out.writeBoolean(trees != null);
            if (trees != null) {
                trees.ensemble().write(out);
                out.writeDouble(trees.quantile());
                boolean ownText = trees.features().text != features.text;
                out.writeBoolean(ownText);
                if (ownText) {
                    trees.features().text.write(out);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    public static PublicRatingModel read(byte[] stored) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(new ByteArrayInputStream(stored)))) {
            if (in.readInt() != MAGIC) {
                throw new IOException("not an IMDb-rating model");
            }
            int format = in.readInt();
            if (format < OLDEST_READABLE || format > FORMAT_VERSION) {
                throw new IOException("IMDb-rating model format " + format + " is not readable by this version (reads "
                        + OLDEST_READABLE + " to " + FORMAT_VERSION + ")");
            }
            PublicRatingFeatures features = PublicRatingFeatures.read(in, format);
            double[] weights = PublicRatingFeatures.readDoubles(in);
            // No weights: trees give the point (checked below).
            if (weights.length != features.featureCount() && (weights.length > 0 || format < 4)) {
                throw new IOException("corrupt IMDb-rating model: " + weights.length + " weights for "
                        + features.featureCount() + " features");
            }
            double[] spread = PublicRatingFeatures.readDoubles(in);
            double floor = in.readDouble();
            double quantile = in.readDouble();
            double ridge = in.readDouble();
            ReleasedMovies released = ReleasedMovies.read(in);
            Scale scale = format >= 3 ? scale(in.readUTF()) : Scale.IMDB;
            ServedTrees trees = null;
            if (format >= 4 && in.readBoolean()) {
                TreeEnsemble ensemble = TreeEnsemble.read(in);
                double treeQuantile = in.readDouble();
                PublicRatingFeatures treeFeatures = in.readBoolean() ? features.withText(ReleaseTextProjection.read(in)) : features;
                trees = new ServedTrees(ensemble, treeFeatures, treeQuantile);
            }
            if (weights.length == 0 && trees == null) {
                throw new IOException("corrupt public-rating model: neither ridge weights nor trees");
            }
            return new PublicRatingModel(features, weights.length == 0 ? null : weights, spread, floor, quantile, released,
                    ridge, scale, trees);
        }
    }

    private static Scale scale(String stored) throws IOException {
        try {
            return Scale.valueOf(stored);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt public-rating model: unknown scale " + stored);
        }
    }

    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private double clamp(double rating) {
        return Math.max(scale.min, Math.min(scale.max, rating));
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
