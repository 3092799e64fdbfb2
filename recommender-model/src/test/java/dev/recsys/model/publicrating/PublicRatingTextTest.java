package dev.recsys.model.publicrating;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.model.hybrid.ItemContent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release text's part of the IMDb-rating model on generated IMDb dumps whose ratings carry, besides
 * the planted people, genre and year effects, one more along a direction of the movies' release-text
 * vectors (generated like sentence embeddings: unit vectors whose variance sits in a few directions).
 */
class PublicRatingTextTest {

    static final int DIMS = 384;
    /** The planted effect: this many rating points per standard deviation along the text direction. */
    static final double TEXT_EFFECT = 0.6;

    @TempDir
    static Path dir;
    static GeneratedImdbCatalog catalog;
    static TextWorld world;

    @BeforeAll
    static void generate() throws IOException {
        catalog = GeneratedImdbCatalog.generate(dir, 200, 2_500, 20_000);
        world = new TextWorld(catalog.content().length, 7);
    }

    @Test
    void aRatingThatFollowsTheReleaseTextIsPredictedFromItAndBetterThanWithout() {
        ItemContent[] withText = world.planted(catalog.content(), TEXT_EFFECT, true);
        ItemContent[] withoutText = world.planted(catalog.content(), TEXT_EFFECT, false);
        PublicRatingRun text = PublicRatingRun.fit(withText, catalog.movieIds(), 42, new XgboostTrees(42));
        PublicRatingRun plain = PublicRatingRun.fit(withoutText, catalog.movieIds(), 42, new XgboostTrees(42));
        System.out.println("release text planted, with text: " + text.evaluation() + "\nwithout: " + plain.evaluation());

        assertTrue(text.evaluation().evaluated().readsText(), "the evaluated fit chose the text part");
        assertTrue(text.model().readsText(), "the served refit keeps it");
        assertFalse(plain.model().readsText(), "no movie has a release vector");
        double gain = text.evaluation().model().r2() - plain.evaluation().model().r2();
        assertTrue(gain > 0.1, "held-out R^2 " + text.evaluation().model() + " vs without text " + plain.evaluation().model());
        // The trees got the same text part: they gain too, and the ridge stays level with them.
        assertTrue(text.evaluation().trees().r2() > plain.evaluation().trees().r2() + 0.05,
                text.evaluation().trees() + " vs without text " + plain.evaluation().trees());
        assertTrue(text.evaluation().model().r2() >= text.evaluation().trees().r2() - 0.01);
        double coverage = text.evaluation().model().coverage();
        assertTrue(coverage >= 0.72 && coverage <= 0.88, "500 movies: coverage " + coverage);

        // A planned movie: its text moves the prediction along the planted direction; without a vector, flag 0.
        ItemContent planned = withText[3];
        double up = text.model().predict(planned.withReleaseText(world.vector(3, 2.0))).predicted();
        double down = text.model().predict(planned.withReleaseText(world.vector(3, -2.0))).predicted();
        assertEquals(4 * TEXT_EFFECT, up - down, 0.8, "planted: " + TEXT_EFFECT + " per standard deviation");
        assertNotEquals(text.model().predict(planned), text.model().predict(planned.withReleaseText(null)));
    }

    @Test
    void releaseTextThatSaysNothingAboutTheRatingIsNotRead() {
        PublicRatingRun noise = PublicRatingRun.fit(world.planted(catalog.content(), 0, true), catalog.movieIds(), 42, null);
        assertFalse(noise.model().readsText(), noise.evaluation().toString());
    }

    @Test
    void theStoredModelWithTextPredictsTheSame() throws IOException {
        ItemContent[] withText = world.planted(catalog.content(), TEXT_EFFECT, true);
        PublicRatingRun run = PublicRatingRun.fit(withText, catalog.movieIds(), 42, null);
        PublicRatingModel read = PublicRatingModel.read(run.model().write());
        assertTrue(read.readsText());
        for (int i = 0; i < 50; i++) {
            assertEquals(run.model().predict(withText[i]), read.predict(withText[i]));
        }
    }

    /**
     * A model stored in format 1 (before the text part; written by the code of commit b7ba5f9 from the
     * generated catalog below) still loads and predicts as it did. Fitted anew, the same catalog without release
     * vectors gives a model that reads no text; it now reads the franchise (the generated titles repeat words, so
     * "Amélie, The" and "Amélie 2" count as one franchise), which moves predictions a little, not far.
     */
    @Test
    void aFormat1ModelStillLoadsAndPredictsAsWhenItWasWritten(@TempDir Path small) throws IOException {
        PublicRatingModel stored;
        try (InputStream in = getClass().getResourceAsStream("/publicrating/format-1.bin")) {
            stored = PublicRatingModel.read(in.readAllBytes());
        }
        assertFalse(stored.readsText());
        assertFalse(stored.readsFranchise());
        assertEquals(PublicRatingModel.Scale.IMDB, stored.scale());
        GeneratedImdbCatalog old = GeneratedImdbCatalog.generate(small, 100, 300, 4_000);
        assertEquals(new PublicRatingModel.Interval(7.6, 6.76, 8.45), stored.predict(old.content()[0]),
                "as printed when it was written");
        PublicRatingRun now = PublicRatingRun.fit(old.content(), old.movieIds(), 42, null);
        assertFalse(now.model().readsText());
        assertEquals(stored.trainedMovies(), now.model().trainedMovies());
        double largest = 0;
        for (ItemContent movie : old.content()) {
            largest = Math.max(largest, Math.abs(stored.predict(movie).predicted() - now.model().predict(movie).predicted()));
        }
        assertTrue(largest < 0.5, "largest change " + largest);
    }

    /**
     * Generated release-text vectors: each movie's is a unit vector from a few latent coordinates along
     * random directions (of falling variance) plus isotropic noise; latent 1 carries the planted effect.
     */
    record TextWorld(double[][] directions, double[][] latents, double[][] noise) {

        static final double[] SCALES = {1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.45, 0.4, 0.35, 0.3};
        static final int PLANTED = 1;

        TextWorld(int movies, long seed) {
            this(new double[SCALES.length][DIMS], new double[movies][SCALES.length], new double[movies][DIMS]);
            Random random = new Random(seed);
            fill(directions, random::nextGaussian);
            fill(latents, random::nextGaussian);
            fill(noise, () -> 0.05 * random.nextGaussian());
            for (double[] d : directions) {
                double norm = Math.sqrt(PublicRatingModel.dot(d, d));
                for (int j = 0; j < DIMS; j++) {
                    d[j] /= norm;
                }
            }
        }

        private static void fill(double[][] values, DoubleSupplier next) {
            for (double[] row : values) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = next.getAsDouble();
                }
            }
        }

        /** The content with {@code effect} x latent added to each IMDb rating, and the vectors when {@code vectors}. */
        ItemContent[] planted(ItemContent[] content, double effect, boolean vectors) {
            ItemContent[] out = new ItemContent[content.length];
            for (int i = 0; i < content.length; i++) {
                ItemContent c = content[i];
                out[i] = PlantedTextEffect.withImdbRating(c.withReleaseText(vectors ? vector(i, latents[i][PLANTED]) : null),
                        c.imdbRating() == null ? null : c.imdbRating() + effect * latents[i][PLANTED]);
            }
            return out;
        }

        /** The vector of {@code movie} with {@code planted} as its planted latent. */
        float[] vector(int movie, double planted) {
            return vector(k -> k == PLANTED ? planted : latents[movie][k], noise[movie]);
        }

        private float[] vector(IntToDoubleFunction latent, double[] noise) {
            double[] v = noise.clone();
            for (int k = 0; k < SCALES.length; k++) {
                for (int j = 0; j < DIMS; j++) {
                    v[j] += SCALES[k] * latent.applyAsDouble(k) * directions[k][j];
                }
            }
            double norm = Math.sqrt(PublicRatingModel.dot(v, v));
            float[] unit = new float[DIMS];
            for (int j = 0; j < DIMS; j++) {
                unit[j] = (float) (v[j] / norm);
            }
            return unit;
        }
    }
}
