package dev.recsys.model.bench;

import dev.recsys.model.hybrid.ItemContent;
import dev.recsys.model.publicrating.GeneratedImdbCatalog;
import dev.recsys.model.publicrating.PlantedReleaseFacts;
import dev.recsys.model.publicrating.PlantedTextEffect;
import dev.recsys.model.publicrating.PublicRatingEvaluation;
import dev.recsys.model.publicrating.PublicRatingRun;
import dev.recsys.model.publicrating.ReleasedOnly;
import dev.recsys.model.publicrating.XgboostTrees;
import java.nio.file.Files;
import java.util.SplittableRandom;

/**
 * The public-rating (IMDb) model at catalog scale: a generated catalog with IMDb dumps (sample-data's
 * planted effects), the step a training run adds (held-out evaluation against the genre mean and
 * XGBoost trees, then the served fit on every rated movie), its seconds, and the same step without the
 * trees baseline. With {@code -Dbench.releaseText=true} every movie also gets a release-text vector
 * (384 dimensions, as the bundled embedder's: 16 latent topics plus noise, unit length) and its IMDb
 * rating 0.3 points per standard deviation along their leading direction, so the step's cost with
 * text is measured (these are not real plots: the accuracy with them says only that the path works).
 * With {@code -Dbench.tmdbOnly=N} every movie also gets TMDB facts with planted effects ({@link PlantedReleaseFacts})
 * and N TMDB movies without a catalog movie join the step, which is then measured on IMDb's scale and, with the
 * IMDb ratings removed, on TMDB's (every movie's TMDB vote its planted rating).
 *
 * <pre>PublicRatingBench [movies] [users] [ratings] [seed]   (default 62000 2000 200000 42: ml-25m's movie count)</pre>
 */
public final class PublicRatingBench {

    private PublicRatingBench() {
    }

    public static void main(String[] args) throws Exception {
        int movies = args.length > 0 ? Integer.parseInt(args[0]) : 62_000;
        int users = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int ratings = args.length > 2 ? Integer.parseInt(args[2]) : 200_000;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 42;
        long started = System.nanoTime();
        GeneratedImdbCatalog catalog = GeneratedImdbCatalog.generate(Files.createTempDirectory("public-rating-bench"), users,
                movies, ratings);
        System.out.printf("generated %d movies with IMDb dumps in %.1f s%n", catalog.content().length,
                (System.nanoTime() - started) / 1e9);
        ItemContent[] content = Boolean.getBoolean("bench.releaseText")
                ? PlantedTextEffect.plant(withTopicVectors(catalog.content(), seed), 0.3) : catalog.content();
        int tmdbOnlyMovies = Integer.getInteger("bench.tmdbOnly", 0);
        ReleasedOnly tmdbOnly = ReleasedOnly.none();
        if (tmdbOnlyMovies > 0) {
            PlantedReleaseFacts planted = new PlantedReleaseFacts(seed);
            content = planted.attach(content);
            tmdbOnly = new ReleasedOnly(planted.tmdbOnly(tmdbOnlyMovies), java.util.stream.IntStream.rangeClosed(1, tmdbOnlyMovies)
                    .toArray());
            System.out.printf("TMDB facts on every movie, %d TMDB-only movies%n", tmdbOnlyMovies);
        }
        PublicRatingRun run = PublicRatingRun.fit(content, catalog.movieIds(), tmdbOnly, seed, new XgboostTrees(seed));
        PublicRatingEvaluation.Result e = run.evaluation();
        System.out.printf("public-rating step (evaluation with trees + served fit): %.1f s (of which evaluation %.1f s)%n",
                run.seconds(), e.seconds());
        System.out.printf("held-out movies: %d (trained on %d)%n", e.testMovies(), e.trainMovies());
        System.out.printf("model:      R^2 %.4f  RMSE %.4f  MAE %.4f  80%% coverage %.4f  mean width %.3f%n", e.model().r2(),
                e.model().rmse(), e.model().mae(), e.model().coverage(), e.model().meanWidth());
        System.out.printf("genre mean: R^2 %.4f  RMSE %.4f  MAE %.4f%n", e.genreMean().r2(), e.genreMean().rmse(),
                e.genreMean().mae());
        System.out.printf("trees (%s): R^2 %.4f  RMSE %.4f  MAE %.4f  80%% coverage %.4f  mean width %.3f  (%d trees)%n",
                e.treesName(), e.trees().r2(), e.trees().rmse(), e.trees().mae(), e.trees().coverage(), e.trees().meanWidth(),
                e.treeRounds());
        System.out.printf("served: %s%n", run.model().served());
        System.out.printf("reads release text: %s, TMDB facts: %s, franchise: %s; scale %s%n", run.model().readsText(),
                run.model().readsReleaseFacts(), run.model().readsFranchise(), run.model().scale());
        PublicRatingRun withoutTrees = PublicRatingRun.fit(content, catalog.movieIds(), tmdbOnly, seed, null);
        System.out.printf("the same step without the trees baseline: %.1f s (of which evaluation %.1f s)%n",
                withoutTrees.seconds(), withoutTrees.evaluation().seconds());
        System.out.printf("stored model: %.1f MB%n", run.model().write().length / 1e6);
        if (tmdbOnlyMovies > 0) {
            ItemContent[] tmdbScale = java.util.Arrays.stream(content).map(c -> new ItemContent(c.genres(), c.title(),
                    c.directors(), c.writers(), c.cast(), c.year(), c.runtime(), null, null, c.textVector(), c.releaseTextVector(),
                    c.imdbRating() == null ? c.release() : new dev.recsys.model.hybrid.ReleaseFacts(c.release().budget(),
                            c.release().releaseMonth(), c.release().originalLanguage(), c.release().companies(),
                            c.release().countries(), c.release().keywords(), c.release().collection(), c.imdbRating(),
                            c.imdbVotes()))).toArray(ItemContent[]::new);
            PublicRatingRun tmdb = PublicRatingRun.fit(tmdbScale, catalog.movieIds(), tmdbOnly, seed, new XgboostTrees(seed));
            PublicRatingEvaluation.Result t = tmdb.evaluation();
            System.out.printf("TMDB scale (no IMDb ratings; %d movies with a TMDB vote): %.1f s; held-out %d: R^2 %.4f RMSE %.4f, "
                    + "80%% coverage %.4f; trees R^2 %.4f RMSE %.4f, 80%% coverage %.4f; served %s%n", tmdb.model().trainedMovies(),
                    tmdb.seconds(), t.testMovies(), t.model().r2(), t.model().rmse(), t.model().coverage(), t.trees().r2(),
                    t.trees().rmse(), t.trees().coverage(), tmdb.model().served());
        }
    }

    private static final int TEXT_DIMENSION = 384;
    private static final int TOPICS = 16;

    /** Each movie with a release-text vector: a mix of {@link #TOPICS} random directions plus noise, unit length. */
    private static ItemContent[] withTopicVectors(ItemContent[] content, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] topics = new float[TOPICS][TEXT_DIMENSION];
        for (float[] topic : topics) {
            for (int d = 0; d < TEXT_DIMENSION; d++) {
                topic[d] = (float) random.nextGaussian();
            }
        }
        ItemContent[] out = new ItemContent[content.length];
        for (int i = 0; i < content.length; i++) {
            float[] v = new float[TEXT_DIMENSION];
            for (float[] topic : topics) {
                double weight = random.nextGaussian();
                for (int d = 0; d < TEXT_DIMENSION; d++) {
                    v[d] += (float) (weight * topic[d]);
                }
            }
            double norm = 0;
            for (int d = 0; d < TEXT_DIMENSION; d++) {
                v[d] += (float) (2 * random.nextGaussian());
                norm += v[d] * v[d];
            }
            for (int d = 0; d < TEXT_DIMENSION; d++) {
                v[d] /= (float) Math.sqrt(norm);
            }
            out[i] = content[i].withReleaseText(v);
        }
        return out;
    }
}
