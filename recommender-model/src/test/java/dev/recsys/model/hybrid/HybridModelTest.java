package dev.recsys.model.hybrid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.model.data.RatingData;
import dev.recsys.model.eval.Baselines;
import dev.recsys.model.eval.Evaluator;
import dev.recsys.model.eval.Metrics;
import dev.recsys.model.eval.Split;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HybridModelTest {

    @TempDir
    Path dir;

    @Test
    void twoFitsWithTheSameSeedAreIdenticalAndBlockScoringMatchesOneByOne() throws IOException {
        GeneratedCatalog catalog = GeneratedCatalog.generate(dir, 200, 400, 20_000);
        Split split = Split.of(catalog.ratings(), Split.Kind.RANDOM, 0.1, 42);
        ContentVocabulary vocabulary = ContentVocabulary.build(List.of(catalog.content()));
        ModelParams params = ModelParams.defaults().withEpochs(2);
        try (HybridModel first = HybridTrainer.train(catalog.ratings(), split.train(), vocabulary,
                catalog.encoded(vocabulary), params, HybridTrainer.Listener.NONE);
             HybridModel second = HybridTrainer.train(catalog.ratings(), split.train(), vocabulary,
                     catalog.encoded(vocabulary), params, HybridTrainer.Listener.NONE)) {
            assertEquals(512, first.params().batchSize(), "the automatic batch size on small data");
            assertArrayEquals(first.userVectors(), second.userVectors());
            assertArrayEquals(first.servingMovieVectors(), second.servingMovieVectors());
            for (int user = 0; user < 20; user++) {
                assertEquals(first.predict(user, user), second.predict(user, user));
            }

            // The batch job's block scoring gives each user the scores one-by-one scoring gives.
            int[] block = {3, 0, 17, 5};
            float[] blockScores = new float[block.length * first.movieCount()];
            first.scores(block, blockScores);
            float[] one = new float[first.movieCount()];
            for (int b = 0; b < block.length; b++) {
                first.scores(block[b], one);
                for (int item = 0; item < one.length; item++) {
                    assertEquals(one[item], blockScores[b * one.length + item], 1e-4, "user " + block[b] + " item " + item);
                }
            }
        }
    }

    @Test
    void anEnsemblePredictsTheMeanOfItsMembersAndSmallDataGetsThree() throws IOException {
        GeneratedCatalog catalog = GeneratedCatalog.generate(dir, 150, 300, 12_000);
        Split split = Split.of(catalog.ratings(), Split.Kind.RANDOM, 0.1, 42);
        ContentVocabulary vocabulary = ContentVocabulary.build(List.of(catalog.content()));
        ModelParams params = ModelParams.defaults().withEpochs(2);
        HybridModel[] members = new HybridModel[2];
        members[0] = HybridTrainer.trainRatingHead(catalog.ratings(), split.train(), vocabulary, catalog.encoded(vocabulary),
                params, HybridTrainer.Listener.NONE);
        members[1] = HybridTrainer.trainRatingHead(catalog.ratings(), split.train(), vocabulary, catalog.encoded(vocabulary),
                params.withSeed(43), HybridTrainer.Listener.NONE);
        ModelTables averaged = ModelTables.average(members);
        try (HybridModel average = averaged.build(ItemItemHead.NONE, null, averaged.manager)) {
            assertEquals(2 * params.dimension(), average.dimension());
            int checked = 0;
            for (int user = 0; user < 30; user++) {
                for (int item = 0; item < 30; item++) {
                    if (average.ratingCounts[item] == 0) {
                        continue;   // no training rating: served by the cold tower, fitted after averaging
                    }
                    checked++;
                    double mean = (members[0].predict(user, item) + members[1].predict(user, item)) / 2;
                    assertEquals(mean, average.predict(user, item), 1e-4, "user " + user + " item " + item);
                }
            }
            assertTrue(checked > 500, "compared " + checked + " predictions");
        } finally {
            members[0].close();
            members[1].close();
        }
        assertEquals(3, HybridTrainer.membersFor(90_669));
        assertEquals(1, HybridTrainer.membersFor(2_000_000));
    }

    @Test
    void beatsTheBiasBaselineOnRmseAndPopularityOnNdcg() throws IOException {
        GeneratedCatalog catalog = GeneratedCatalog.generate(dir, 400, 1_000, 50_000);
        Split split = Split.of(catalog.ratings(), Split.Kind.RANDOM, 0.1, 42);
        Evaluator evaluator = new Evaluator(catalog.ratings(), split, 10_000, 42);
        Baselines.Report baselines = Baselines.evaluate(catalog.ratings(), split, evaluator);
        ContentVocabulary vocabulary = ContentVocabulary.build(List.of(catalog.content()));

        long started = System.nanoTime();
        HybridTuner.Result tuned = HybridTuner.tune(catalog.ratings(), split.train(), vocabulary, catalog.encoded(vocabulary),
                ModelParams.defaults(), Split.Kind.RANDOM, Evaluator.RELEVANT, 60, QUIET, trial -> System.out.println("trial " + trial));
        try (HybridModel model = HybridTrainer.train(catalog.ratings(), split.train(), vocabulary,
                catalog.encoded(vocabulary), tuned.params(), new HybridTrainer.Listener() {
                    @Override
                    public void onProgress(int epoch, long done, long total, double rate) {
                    }

                    @Override
                    public void onEpoch(int epoch, double loss, double seconds, HybridModel model) {
                        System.out.printf("epoch %d loss %.4f %.2fs%n", epoch, loss, seconds);
                    }
                })) {
            Metrics metrics = evaluator.errors(model::predict).withRanking(evaluator.ranking(model::scores));
            System.out.printf("trained in %.1f s; model %s%nbias %s%npopularity %s%nmean %s%nease %s%nitemKnn %s%n",
                    (System.nanoTime() - started) / 1e9, metrics, baselines.bias(), baselines.popularity(),
                    baselines.globalMean(), baselines.ease(), baselines.itemKnn());
            assertTrue(metrics.rmse() < baselines.bias().rmse(), "RMSE " + metrics.rmse() + " vs bias " + baselines.bias().rmse());
            assertTrue(metrics.ndcgAt10() > baselines.popularity().ndcgAt10(),
                    "NDCG " + metrics.ndcgAt10() + " vs popularity " + baselines.popularity().ndcgAt10());
            assertTrue(metrics.ndcgAt10() > baselines.ease().ndcgAt10(),
                    "NDCG " + metrics.ndcgAt10() + " vs EASE " + baselines.ease().ndcgAt10());
            assertTrue(metrics.ndcgAt10() > baselines.itemKnn().ndcgAt10(),
                    "NDCG " + metrics.ndcgAt10() + " vs item-kNN " + baselines.itemKnn().ndcgAt10());
            assertTrue(metrics.coverageAt10() > 0 && metrics.coverageAt10() <= 1, "coverage " + metrics.coverageAt10());

            // Saved and loaded back, the model predicts exactly the same.
            byte[] artifact = ModelArtifact.write(model);
            try (HybridModel loaded = ModelArtifact.read(artifact)) {
                float[] before = new float[model.movieCount()];
                float[] after = new float[loaded.movieCount()];
                for (int user = 0; user < model.userCount(); user += 37) {
                    model.scores(user, before);
                    loaded.scores(user, after);
                    assertArrayEquals(before, after, "scores of user " + user);
                    assertEquals(model.predict(user, 5), loaded.predict(user, 5));
                }
                ContentVocabulary.Encoded newMovie = model.vocabulary().encode(catalog.content()[3]);
                assertEquals(model.predictNewMovie(2, newMovie), loaded.predictNewMovie(2, newMovie));
            }
            byte[] corrupt = java.util.Arrays.copyOf(artifact, artifact.length / 2);
            IOException failure = assertThrows(IOException.class, () -> ModelArtifact.read(corrupt));
            assertTrue(failure.getMessage() != null);
        }
    }

    @Test
    void newMoviesAreScoredFromContentAlone() throws IOException {
        GeneratedCatalog catalog = GeneratedCatalog.generate(dir, 300, 600, 30_000);
        ContentVocabulary vocabulary = ContentVocabulary.build(List.of(catalog.content()));
        int[] all = java.util.stream.IntStream.range(0, catalog.ratings().size()).toArray();
        try (HybridModel model = HybridTrainer.train(catalog.ratings(), all, vocabulary, catalog.encoded(vocabulary),
                ModelParams.defaults().withEpochs(5), QUIET)) {
            ItemContent unknown = new ItemContent(List.of("Drama"), "A Title Nobody Has Seen", List.of("Someone New"),
                    List.of(), List.of(), 2001, 100, null, null);
            ContentVocabulary.Encoded encoded = vocabulary.encode(unknown);
            assertEquals(List.of("d:someone new"), encoded.unknownPeople());
            double rating = model.predictNewMovie(0, encoded);
            assertTrue(rating > 1 && rating < 5, "a plausible rating: " + rating);

            // Without a user, the answer is taken three quarters of the way to the content mean rating:
            // the mean training rating of its genres plus the ridge correction.
            RatingData data = catalog.ratings();
            double dramaSum = 0;
            int dramaCount = 0;
            int drama = encoded.genres()[0];
            for (int r = 0; r < data.size(); r++) {
                if (java.util.Arrays.stream(model.tables.movieContent[data.item(r)].genres()).anyMatch(g -> g == drama)) {
                    dramaSum += data.rating(r);
                    dramaCount++;
                }
            }
            ContentMeanRating contentMean = model.contentMeanRating;
            double genreOnly = new ContentMeanRating(contentMean.genreMeans(), model.tables.globalMean, new int[0], null).predict(encoded);
            assertEquals(dramaSum / dramaCount, genreOnly, 1e-5);
            double shrunk = model.predictNewMovie(-1, encoded);
            NewMovie uncalibrated = new NewMovie(model, new ColdStart(model.tables.encoder, null, model.tables.globalMean,
                    model.averageUser, model.dimension()).vectorAndBias(encoded));
            double towerOnly = uncalibrated.predict(-1);
            double withUserTowerOnly = uncalibrated.predict(0);
            assertEquals(0.25 * towerOnly + 0.75 * contentMean.predict(encoded), shrunk, 1e-5);
            assertEquals(withUserTowerOnly + 0.75 * (contentMean.predict(encoded) - towerOnly), model.predictNewMovie(0, encoded),
                    1e-5, "a known user's answer moves by as much as the average user's");
            try (HybridModel loaded = ModelArtifact.read(ModelArtifact.write(model))) {
                assertEquals(shrunk, loaded.predictNewMovie(-1, encoded), 1e-9, "the content mean travels in the artifact");
                assertEquals(model.predict(0, 0), loaded.predict(0, 0), 1e-6);
            }
            // A version stored before format 5 was trained with the year in its content tower and
            // without the content-mean weights: it loads that way.
            try (HybridModel old = ModelArtifact.read(asFormat4(ModelArtifact.write(model, 5), contentMean))) {
                assertTrue(old.tables.encoder.contentTowerReadsYear && !model.tables.encoder.contentTowerReadsYear);
                assertEquals(0.25 * towerOnly + 0.75 * genreOnly, old.predictNewMovie(-1, encoded), 1e-5,
                        "the genre means alone");
                // (This ensemble folded its content into the movie vectors, so rated movies score the same.)
                assertEquals(model.predict(0, 0), old.predict(0, 0), 1e-6);
            }
        }
    }

    /** A format-5 artifact rewritten as format 4: version 4, without the content-mean weights and people (its last arrays). */
    private static byte[] asFormat4(byte[] artifact, ContentMeanRating contentMean) throws IOException {
        byte[] raw = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(artifact)).readAllBytes();
        int weights = contentMean.featureCount();
        int people = contentMean.people().length;
        int format5Only = 4 + 4 * weights + 4 + 4 * people;
        java.nio.ByteBuffer format4 = java.nio.ByteBuffer.wrap(java.util.Arrays.copyOf(raw, raw.length - format5Only));
        assertEquals(5, format4.getInt(4));
        assertEquals(weights, java.nio.ByteBuffer.wrap(raw).getInt(raw.length - format5Only));
        format4.putInt(4, 4);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(bytes)) {
            out.write(format4.array());
        }
        return bytes.toByteArray();
    }

    @Test
    void foldInExplainsAVisitorsRatingsBetterThanBiasesAlone() throws IOException {
        GeneratedCatalog catalog = GeneratedCatalog.generate(dir, 300, 500, 25_000);
        ContentVocabulary vocabulary = ContentVocabulary.build(List.of(catalog.content()));
        // Train without user 0, then fold user 0 in from their ratings.
        int[] others = java.util.stream.IntStream.range(0, catalog.ratings().size())
                .filter(r -> catalog.ratings().user(r) != 0).toArray();
        int[] visitor = java.util.stream.IntStream.range(0, catalog.ratings().size())
                .filter(r -> catalog.ratings().user(r) == 0).toArray();
        try (HybridModel model = HybridTrainer.train(catalog.ratings(), others, vocabulary, catalog.encoded(vocabulary),
                ModelParams.defaults().withEpochs(8), QUIET)) {
            int[] items = java.util.Arrays.stream(visitor).map(r -> catalog.ratings().item(r)).toArray();
            float[] ratings = new float[visitor.length];
            for (int k = 0; k < visitor.length; k++) {
                ratings[k] = catalog.ratings().rating(visitor[k]);
            }
            HybridModel.FoldedUser folded = model.foldIn(items, ratings, 1.0f);
            float[] scores = new float[model.movieCount()];
            model.scores(folded, scores);
            double foldedError = 0;
            double biasError = 0;
            int d = model.dimension();
            float[] vectors = model.servingMovieVectors();
            for (int k = 0; k < items.length; k++) {
                double dot = 0;
                for (int x = 0; x < d; x++) {
                    dot += folded.vector()[x] * vectors[items[k] * d + x];
                }
                double withUser = model.predictWithoutUser(items[k]) + folded.bias() + dot;
                foldedError += Math.pow(withUser - ratings[k], 2);
                biasError += Math.pow(model.predictWithoutUser(items[k]) - ratings[k], 2);
            }
            assertTrue(foldedError < biasError, "fold-in " + foldedError + " vs biases only " + biasError);
            assertTrue(Float.isFinite(scores[0]));
        }
    }

    private static final HybridTrainer.Listener QUIET = new HybridTrainer.Listener() {
        @Override
        public void onProgress(int epoch, long done, long total, double rate) {
        }

        @Override
        public void onEpoch(int epoch, double loss, double seconds, HybridModel model) {
        }
    };
}
