package dev.recsys.model.bench;

import dev.recsys.model.data.RatingData;
import dev.recsys.model.eval.Evaluator;
import dev.recsys.model.eval.Metrics;
import dev.recsys.model.eval.Split;
import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.model.hybrid.HybridTuner;
import dev.recsys.model.hybrid.ItemContent;
import dev.recsys.model.hybrid.ModelParams;
import dev.recsys.model.pipeline.TrainingPipeline;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains the hybrid model on a MovieLens CSV release directory (movies.csv genres and titles, and
 * the sentence embeddings of titles and tags.csv tags as content, no IMDb) with default parameters and a random 10% split, and prints model and baseline
 * metrics. Run by {@code bench/model-accuracy.sh}; not a test.
 */
public final class MovieLensAccuracyBench {

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        List<String> movies = Files.readAllLines(dir.resolve("movies.csv"), StandardCharsets.UTF_8);
        int[] movieIds = new int[movies.size() - 1];
        ItemContent[] content = new ItemContent[movieIds.length];
        for (int m = 1; m < movies.size(); m++) {
            String line = movies.get(m);
            int first = line.indexOf(',');
            int last = line.lastIndexOf(',');
            movieIds[m - 1] = Integer.parseInt(line.substring(0, first));
            String rawTitle = line.substring(first + 1, last).replace("\"", "");
            // Like the catalog: the title without its "(year)", and the year as a field of its own.
            boolean dated = rawTitle.matches(".* \\(\\d{4}\\)$");
            String title = dated ? rawTitle.substring(0, rawTitle.length() - 7) : rawTitle;
            Integer year = dated ? Integer.valueOf(rawTitle.substring(rawTitle.length() - 5, rawTitle.length() - 1)) : null;
            String genres = line.substring(last + 1).strip();
            content[m - 1] = new ItemContent(genres.equals("(no genres listed)") ? List.of() : List.of(genres.split("\\|")),
                    title, List.of(), List.of(), List.of(), year, null, null, null);
        }
        if (Files.exists(dir.resolve("title.principals.tsv.gz")) && !Boolean.getBoolean("bench.noImdb")) {
            addImdbContent(dir, movieIds, content);
        }
        // -Dbench.text=false: no text vectors (the model then reads none), as before issue 30;
        // -Dbench.textTags=false: titles alone (what a new movie without a plot has).
        if (!"false".equals(System.getProperty("bench.text"))) {
            Path tags = dir.resolve("false".equals(System.getProperty("bench.textTags")) ? "no-tags.csv" : "tags.csv");
            List<float[]> vectors = MovieLensTexts.vectors(movieIds, Arrays.stream(content).map(ItemContent::title)
                    .toArray(String[]::new), tags, Path.of("bench/out/text-vectors.bin"));
            for (int m = 0; m < content.length; m++) {
                content[m] = content[m].withText(vectors.get(m));
            }
        }
        Integer[] order = new Integer[movieIds.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Integer.compare(movieIds[a], movieIds[b]));
        int[] sortedIds = new int[movieIds.length];
        ItemContent[] sortedContent = new ItemContent[movieIds.length];
        for (int i = 0; i < order.length; i++) {
            sortedIds[i] = movieIds[order[i]];
            sortedContent[i] = content[order[i]];
        }
        // Streamed into growing primitive arrays: ml-25m-sized files do not fit as a list of strings.
        int n = 0;
        int[] users = new int[1 << 20];
        int[] items = new int[1 << 20];
        float[] ratings = new float[1 << 20];
        long[] times = new long[1 << 20];
        try (BufferedReader in = Files.newBufferedReader(dir.resolve("ratings.csv"), StandardCharsets.UTF_8)) {
            in.readLine();
            String line;
            while ((line = in.readLine()) != null) {
                if (n == users.length) {
                    users = Arrays.copyOf(users, n * 2);
                    items = Arrays.copyOf(items, n * 2);
                    ratings = Arrays.copyOf(ratings, n * 2);
                    times = Arrays.copyOf(times, n * 2);
                }
                String[] f = line.strip().split(",");
                users[n] = Integer.parseInt(f[0]);
                items[n] = Integer.parseInt(f[1]);
                ratings[n] = Float.parseFloat(f[2]);
                times[n] = Long.parseLong(f[3]);
                n++;
            }
        }
        users = Arrays.copyOf(users, n);
        items = Arrays.copyOf(items, n);
        ratings = Arrays.copyOf(ratings, n);
        times = Arrays.copyOf(times, n);
        // -Dbench.sequels=true: every sequel's ratings are held out of training and predicted afterwards (SequelHoldout).
        SequelHoldout sequels = Boolean.getBoolean("bench.sequels") ? SequelHoldout.find(sortedContent) : null;
        int[] heldUsers = new int[0];
        int[] heldMovies = new int[0];
        float[] heldRatings = new float[0];
        int[] trainMovies = new int[0];
        if (sequels != null && !"false".equals(System.getProperty("bench.text"))) {
            // A planned sequel has a title but no users' tags yet: its text is its title alone.
            int[] held = java.util.stream.IntStream.range(0, sortedIds.length).filter(sequels::heldOut).toArray();
            List<float[]> titles = MovieLensTexts.vectors(Arrays.stream(held).map(i -> sortedIds[i]).toArray(),
                    Arrays.stream(held).mapToObj(i -> sortedContent[i].title()).toArray(String[]::new),
                    dir.resolve("no-tags.csv"), Path.of("bench/out/text-vectors.bin"));
            for (int k = 0; k < held.length; k++) {
                sortedContent[held[k]] = sortedContent[held[k]].withText(titles.get(k));
            }
        }
        if (sequels != null) {
            int[] index = Arrays.stream(items).map(id -> Arrays.binarySearch(sortedIds, id)).toArray();
            int[] keep = java.util.stream.IntStream.range(0, n).filter(k -> index[k] < 0 || !sequels.heldOut(index[k])).toArray();
            int[] held = java.util.stream.IntStream.range(0, n).filter(k -> index[k] >= 0 && sequels.heldOut(index[k])).toArray();
            final int[] u = users;
            final float[] r = ratings;
            heldUsers = Arrays.stream(held).map(k -> u[k]).toArray();
            heldMovies = Arrays.stream(held).map(k -> index[k]).toArray();
            heldRatings = new float[held.length];
            for (int k = 0; k < held.length; k++) {
                heldRatings[k] = r[held[k]];
            }
            trainMovies = Arrays.stream(keep).map(k -> index[k]).toArray();
            final int[] it = items;
            final long[] t = times;
            users = Arrays.stream(keep).map(k -> u[k]).toArray();
            items = Arrays.stream(keep).map(k -> it[k]).toArray();
            float[] kept = new float[keep.length];
            long[] keptTimes = new long[keep.length];
            for (int k = 0; k < keep.length; k++) {
                kept[k] = r[keep[k]];
                keptTimes[k] = t[keep[k]];
            }
            ratings = kept;
            times = keptTimes;
            System.out.printf("sequels: %d ratings held out%n", held.length);
        }
        RatingData data = RatingData.fromIds(users, items, ratings, times, sortedIds);
        // -Dsplit=temporal and -Dsplit.seed=N check that the defaults hold beyond the split they were measured on.
        Split.Kind kind = "temporal".equals(System.getProperty("split")) ? Split.Kind.TEMPORAL : Split.Kind.RANDOM;
        long seed = Long.getLong("split.seed", 42);
        System.out.printf("split: %s, seed %d%n", kind, seed);
        ModelParams d = ModelParams.defaults();
        // -Dmodel.<name>=value overrides a default, for tuning runs.
        ModelParams params = new ModelParams(Integer.getInteger("model.epochs", d.epochs()),
                Integer.getInteger("model.dimension", d.dimension()), d.contentDimension(), d.hidden(),
                Integer.getInteger("model.batchSize", d.batchSize()),
                Float.parseFloat(System.getProperty("model.learningRate", "" + d.learningRate())),
                Float.parseFloat(System.getProperty("model.regularization", "" + d.regularization())),
                Float.parseFloat(System.getProperty("model.idDropout", "" + d.idDropout())),
                Float.parseFloat(System.getProperty("model.rankingWeight", "" + d.rankingWeight())),
                Float.parseFloat(System.getProperty("model.itemItemLambda", "" + d.itemItemLambda())),
                d.itemItemMaxItems(), Float.parseFloat(System.getProperty("model.likeWeight", "" + d.likeWeight())), d.seed());
        // training-service's defaults, but no refit (the evaluated fit is what is measured) unless asked for.
        TrainingPipeline.Settings settings = new TrainingPipeline.Settings(params, kind, 0.1, seed, Evaluator.RELEVANT,
                !"false".equals(System.getProperty("model.tune")), Double.parseDouble(System.getProperty("tuning.budget", "60")),
                "false".equals(System.getProperty("bench.cold")) ? 0 : 0.1,
                Double.parseDouble(System.getProperty("fresh.fraction", "0.1")), 5_000, Integer.getInteger("bench.refitMaxRatings", 0));
        TrainingPipeline.Result result = TrainingPipeline.run(data, sortedContent, settings, new TrainingPipeline.Listener() {
            @Override
            public void onProgress(int epoch, long done, long total, double rate) {
            }

            @Override
            public void onTrial(HybridTuner.Trial trial) {
                System.out.println("trial " + trial);
            }

            @Override
            public void onEvaluatedEpoch(int epoch, double loss, double rmse, double seconds) {
                System.out.printf("epoch %2d  loss %.4f  validation RMSE %.4f  %.2f s%n", epoch, loss, rmse, seconds);
            }
        });
        try (HybridModel model = result.served()) {
            TrainingPipeline.Report report = result.report();
            System.out.printf("%s: %d ratings, %d users, %d movies; params %s%n", dir, n, data.userCount(),
                    data.itemCount(), report.params());
            System.out.printf("phases (s): %s%n", report.phaseSeconds());
            print("model", report.model());
            print("bias", report.baselines().bias());
            print("popularity", report.baselines().popularity());
            print("globalMean", report.baselines().globalMean());
            print("ease", report.baselines().ease());
            print("itemKnn", report.baselines().itemKnn());
            if (report.freshUsers() != null) {
                TrainingPipeline.FreshUsersReport fresh = report.freshUsers();
                System.out.printf("fresh users: %d evaluated, first %d ratings each%n", fresh.users(), fresh.given());
                print("fresh live", Metrics.rankingOnly(fresh.live()));
                print("fresh fold-in", Metrics.rankingOnly(fresh.foldIn()));
                print("fresh popular", Metrics.rankingOnly(fresh.popularity()));
            }
            String weights = System.getProperty("fresh.weights");   // other popularity weights of the live list, compared
            if (weights != null) {
                dev.recsys.model.eval.FreshUsers fresh = dev.recsys.model.eval.FreshUsers.select(data,
                        settings.freshUserFraction(), seed, Evaluator.RELEVANT);
                for (String w : weights.split(",")) {
                    print("fresh live w" + w, Metrics.rankingOnly(fresh.ranking(
                            new dev.recsys.model.hybrid.LiveRanking(model, Float.parseFloat(w))::scores)));
                }
            }
            System.out.println("beyond accuracy (top 10 re-ranked from the best 100):");
            System.out.println("  diversity novelty  NDCG@10  Recall@10  coverage  popularity-pct  intra-list-div  novelty-bits");
            for (dev.recsys.model.eval.Evaluator.TradeOff t : report.tradeOffs()) {
                System.out.printf("  %9.2f %7.2f  %.4f   %.4f     %.4f    %6.2f          %.4f          %.2f%n",
                        t.diversity(), t.novelty(), t.ndcgAt10(), t.recallAt10(), t.coverageAt10(),
                        t.popularityPercentile(), t.intraListDiversity(), t.noveltyBits());
            }
            if (report.coldMovies() != null) {
                System.out.printf("cold movies: %s%n", report.coldMovies());
            }
            if (sequels != null) {
                sequels.report(model, sortedContent, sortedIds, heldUsers, heldMovies, heldRatings, trainMovies, ratings, 5);
            }
            String visitor = System.getProperty("bench.visitor");
            if (visitor != null) {
                printVisitor(model, visitor, sortedContent);
            }
        }
    }

    /**
     * The top 10 for a visitor who gave 5 stars to the given movie ids (as POST /recommendations/anonymous
     * scores them), to see what the ranking does for a small history: -Dbench.visitor=1,2355,6377.
     */
    private static void printVisitor(HybridModel model, String movieIds, ItemContent[] content) {
        int[] items = java.util.Arrays.stream(movieIds.split(",")).mapToInt(id -> model.movieIndex(Integer.parseInt(id.strip())))
                .toArray();
        float[] ratings = new float[items.length];
        java.util.Arrays.fill(ratings, 5f);
        HybridModel.FoldedUser folded = model.foldIn(items, ratings, 1.0f);
        float[] scores = new float[model.movieCount()];
        model.scores(folded, scores);
        for (int item : items) {
            scores[item] = Float.NEGATIVE_INFINITY;
        }
        int[] top = new int[10];
        int found = dev.recsys.model.TopK.select(scores, top);
        StringBuilder line = new StringBuilder("visitor " + movieIds + " ->");
        for (int k = 0; k < found; k++) {
            line.append(k == 0 ? " " : "; ").append(content[top[k]].title());
        }
        System.out.println(line);
    }

    /** Adds people, runtime and IMDb rating from generated IMDb dumps (joined through links.csv). */
    private static void addImdbContent(Path dir, int[] movieIds, ItemContent[] content) throws IOException {
        Map<Integer, Integer> imdbOfMovie = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("links.csv")).subList(1, movieIds.length + 1)) {
            String[] f = line.split(",", -1);
            imdbOfMovie.put(Integer.parseInt(f[0]), Integer.parseInt(f[1]));
        }
        Map<String, String> names = new HashMap<>();
        tsv(dir.resolve("name.basics.tsv.gz"), f -> names.put(f[0], f[1]));
        Map<Integer, List<String>> directors = new HashMap<>();
        Map<Integer, List<String>> writers = new HashMap<>();
        Map<Integer, List<String>> cast = new HashMap<>();
        tsv(dir.resolve("title.crew.tsv.gz"), f -> {
            int imdb = Integer.parseInt(f[0].substring(2));
            for (String n : f[1].split(",")) {
                directors.computeIfAbsent(imdb, k -> new ArrayList<>()).add(names.getOrDefault(n, n));
            }
            for (String n : f[2].split(",")) {
                writers.computeIfAbsent(imdb, k -> new ArrayList<>()).add(names.getOrDefault(n, n));
            }
        });
        tsv(dir.resolve("title.principals.tsv.gz"), f -> {
            if (f[3].equals("actor") || f[3].equals("actress")) {
                cast.computeIfAbsent(Integer.parseInt(f[0].substring(2)), k -> new ArrayList<>()).add(names.getOrDefault(f[2], f[2]));
            }
        });
        Map<Integer, String[]> basics = new HashMap<>();
        tsv(dir.resolve("title.basics.tsv.gz"), f -> basics.put(Integer.parseInt(f[0].substring(2)), f));
        Map<Integer, String[]> ratings = new HashMap<>();
        tsv(dir.resolve("title.ratings.tsv.gz"), f -> ratings.put(Integer.parseInt(f[0].substring(2)), f));
        for (int m = 0; m < movieIds.length; m++) {
            Integer imdb = imdbOfMovie.get(movieIds[m]);
            if (imdb == null) {
                continue;
            }
            ItemContent c = content[m];
            String[] b = basics.get(imdb);
            String[] r = ratings.get(imdb);
            boolean people = !Boolean.getBoolean("bench.noPeople");
            boolean numbers = !Boolean.getBoolean("bench.noNumbers");
            content[m] = new ItemContent(c.genres(), c.title(), people ? directors.getOrDefault(imdb, List.of()) : List.of(),
                    people ? writers.getOrDefault(imdb, List.of()) : List.of(), people ? cast.getOrDefault(imdb, List.of()) : List.of(),
                    b == null || !numbers ? null : Integer.valueOf(b[5]), b == null || !numbers ? null : Integer.valueOf(b[7]),
                    r == null || !numbers ? null : Float.valueOf(r[1]), r == null || !numbers ? null : Integer.valueOf(r[2]));
        }
        System.out.println("IMDb content added for " + imdbOfMovie.size() + " movies");
    }

    private static void tsv(Path gz, java.util.function.Consumer<String[]> row) throws IOException {
        try (BufferedReader in = new BufferedReader(new java.io.InputStreamReader(
                new java.util.zip.GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8))) {
            in.readLine();
            String line;
            while ((line = in.readLine()) != null) {
                row.accept(line.split("\t", -1));
            }
        }
    }

    private static void print(String name, Metrics m) {
        if (m == null) {
            return;
        }
        System.out.printf("%-16s RMSE %s  MAE %s  NDCG@10 %s  Recall@10 %s  HitRate@10 %s  coverage %s  popularity pct %s%n",
                name, f(m.rmse()), f(m.mae()), f(m.ndcgAt10()), f(m.recallAt10()), f(m.hitRateAt10()), f(m.coverageAt10()),
                f(m.popularityPercentile()));
    }

    private static String f(Double value) {
        return value == null ? "  -   " : String.format("%.4f", value);
    }
}
