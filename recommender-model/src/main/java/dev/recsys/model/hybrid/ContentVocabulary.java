package dev.recsys.model.hybrid;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The vocabularies of the content encoder, fixed at training time and saved with the model:
 * genres, title words and people (directors, writers and the top-billed cast) seen at least twice,
 * and the statistics that normalise the numeric features. Encoding a movie that is in no catalog
 * uses the same vocabularies, and reports the people it does not know.
 */
public final class ContentVocabulary {

    public static final int TOP_BILLED = 5;
    public static final int NUMERIC_FEATURES = 4;
    /** The year's place among the numeric features (then runtime, IMDb rating and votes). */
    public static final int YEAR = 0;
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final int MIN_COUNT = 2;

    private final Map<String, Integer> genres;
    private final Map<String, Integer> words;
    private final Map<String, Integer> people;
    private final float[] numericMean;
    private final float[] numericStd;
    /** Which towers read text; {@link TextInput#OFF} when the training catalog had no text vectors. */
    private final TextInput textInput;
    /** Null when no tower reads text. */
    private final TextProjection textProjection;

    private ContentVocabulary(Map<String, Integer> genres, Map<String, Integer> words, Map<String, Integer> people,
                              float[] numericMean, float[] numericStd, TextInput textInput, TextProjection textProjection) {
        this.genres = genres;
        this.words = words;
        this.people = people;
        this.numericMean = numericMean;
        this.numericStd = numericStd;
        this.textInput = textProjection == null ? TextInput.OFF : textInput;
        this.textProjection = textProjection;
    }

    /**
     * A movie's content as vocabulary indices plus normalised numbers, and its projected text vector
     * (null when the movie has none or the model reads no text).
     */
    public record Encoded(int[] genres, int[] words, int[] people, float[] numeric, List<String> unknownPeople,
                          float[] text) {

        public Encoded(int[] genres, int[] words, int[] people, float[] numeric, List<String> unknownPeople) {
            this(genres, words, people, numeric, unknownPeople, null);
        }
    }

    /** With {@link TextInput#DEFAULT}: the towers read the items' text vectors where there are enough of them. */
    public static ContentVocabulary build(Collection<ItemContent> items) {
        return build(items, TextInput.DEFAULT);
    }

    /** Fewer movies with a text vector than this, and the model reads no text (nothing to learn a projection from). */
    static final int MIN_TEXT_MOVIES = 50;

    public static ContentVocabulary build(Collection<ItemContent> items, TextInput textInput) {
        Map<String, Integer> genreCounts = new HashMap<>();
        Map<String, Integer> wordCounts = new HashMap<>();
        Map<String, Integer> personCounts = new HashMap<>();
        double[][] numeric = new double[NUMERIC_FEATURES][3];   // count, sum, sum of squares
        for (ItemContent item : items) {
            item.genres().forEach(g -> genreCounts.merge(g, 1, Integer::sum));
            titleWords(item.title()).forEach(w -> wordCounts.merge(w, 1, Integer::sum));
            peopleOf(item).forEach(p -> personCounts.merge(p, 1, Integer::sum));
            Float[] raw = rawNumeric(item);
            for (int f = 0; f < NUMERIC_FEATURES; f++) {
                if (raw[f] != null) {
                    numeric[f][0]++;
                    numeric[f][1] += raw[f];
                    numeric[f][2] += raw[f] * raw[f];
                }
            }
        }
        float[] mean = new float[NUMERIC_FEATURES];
        float[] std = new float[NUMERIC_FEATURES];
        for (int f = 0; f < NUMERIC_FEATURES; f++) {
            if (numeric[f][0] == 0) {
                continue;   // never seen in training: std 0 marks the feature as unused
            }
            double n = numeric[f][0];
            double m = numeric[f][1] / n;
            mean[f] = (float) m;
            std[f] = (float) Math.max(1e-3, Math.sqrt(Math.max(0, numeric[f][2] / n - m * m)));
        }
        List<float[]> texts = items.stream().map(ItemContent::textVector).filter(v -> v != null).toList();
        TextProjection projection = textInput.readsText() && texts.size() >= MIN_TEXT_MOVIES
                ? TextProjection.fit(texts, textInput.dimensions(), TEXT_SEED) : null;
        return new ContentVocabulary(index(genreCounts, 1), index(wordCounts, MIN_COUNT), index(personCounts, MIN_COUNT),
                mean, std, textInput, projection);
    }

    /** Seeds the projection's start: the same catalog always gives the same directions. */
    private static final long TEXT_SEED = 42;

    public Encoded encode(ItemContent item) {
        int[] genreIds = item.genres().stream().map(genres::get).filter(i -> i != null).mapToInt(Integer::intValue)
                .distinct().toArray();
        int[] wordIds = titleWords(item.title()).stream().map(words::get).filter(i -> i != null)
                .mapToInt(Integer::intValue).distinct().toArray();
        List<String> unknown = new ArrayList<>();
        List<Integer> personIds = new ArrayList<>();
        for (String person : peopleOf(item)) {
            Integer id = people.get(person);
            if (id == null) {
                unknown.add(person);
            } else {
                personIds.add(id);
            }
        }
        Float[] raw = rawNumeric(item);
        float[] normalised = new float[NUMERIC_FEATURES];
        for (int f = 0; f < NUMERIC_FEATURES; f++) {
            // Missing numbers sit at the mean (0 after normalisation); outliers are clipped.
            normalised[f] = raw[f] == null || numericStd[f] == 0 ? 0
                    : Math.max(-5, Math.min(5, (raw[f] - numericMean[f]) / numericStd[f]));
        }
        return new Encoded(genreIds, wordIds, personIds.stream().mapToInt(Integer::intValue).distinct().toArray(),
                normalised, unknown, textProjection == null ? null : textProjection.project(item.textVector()));
    }

    /** Which towers read text ({@link TextInput#OFF} when none does). */
    public TextInput textInput() {
        return textInput;
    }

    /** Whether a text vector changes this model's answers: a tower reads it. */
    public boolean readsText() {
        return textProjection != null;
    }

    /** The projected text's width, or 0 when no tower reads text. */
    int textDimensions() {
        return textProjection == null ? 0 : textProjection.dimensions();
    }

    /**
     * What in a movie's description the model cannot use, in words: genres and people it never saw
     * in training, and numbers the training catalog never had (so the model learned nothing from
     * them). Title words are left out: the cold path does not use them.
     */
    public List<String> unusedFields(ItemContent item) {
        List<String> unused = new ArrayList<>();
        item.genres().stream().filter(g -> !genres.containsKey(g)).forEach(g -> unused.add("genres: '" + g + "' is unknown"));
        String[] names = {"year", "runtime", "imdbRating", "imdbVotes"};
        Float[] raw = rawNumeric(item);
        for (int f = 0; f < NUMERIC_FEATURES; f++) {
            if (raw[f] != null && numericStd[f] == 0) {
                unused.add(names[f] + ": the training catalog had none");
            }
        }
        for (String person : peopleOf(item)) {
            if (!people.containsKey(person)) {
                String role = switch (person.charAt(0)) {
                    case 'd' -> "directors";
                    case 'w' -> "writers";
                    default -> "actors";
                };
                unused.add(role + ": '" + person.substring(2) + "' is unknown");
            }
        }
        return unused;
    }

    /** For each person id, whether they are crew (a director or writer) rather than cast. */
    public boolean[] crew() {
        boolean[] crew = new boolean[people.size()];
        people.forEach((key, id) -> crew[id] = !key.startsWith("a:"));
        return crew;
    }

    public int genreCount() {
        return genres.size();
    }

    public int wordCount() {
        return words.size();
    }

    public int personCount() {
        return people.size();
    }

    static List<String> titleWords(String title) {
        List<String> result = new ArrayList<>();
        if (title == null) {
            return result;
        }
        for (String word : NON_WORD.split(title.toLowerCase(Locale.ROOT))) {
            if (word.length() >= 2) {
                result.add(word);
            }
        }
        return result;
    }

    /** People as lower-cased names: directors, writers, and the top-billed cast. */
    static List<String> peopleOf(ItemContent item) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        item.directors().forEach(n -> names.add("d:" + n.strip().toLowerCase(Locale.ROOT)));
        item.writers().forEach(n -> names.add("w:" + n.strip().toLowerCase(Locale.ROOT)));
        item.cast().stream().limit(TOP_BILLED).forEach(n -> names.add("a:" + n.strip().toLowerCase(Locale.ROOT)));
        return new ArrayList<>(names);
    }

    private static Float[] rawNumeric(ItemContent item) {
        return new Float[] {
            item.year() == null ? null : item.year().floatValue(),
            item.runtime() == null ? null : item.runtime().floatValue(),
            item.imdbRating(),
            item.imdbVotes() == null ? null : (float) Math.log1p(item.imdbVotes())
        };
    }

    private static Map<String, Integer> index(Map<String, Integer> counts, int minCount) {
        List<String> kept = counts.entrySet().stream().filter(e -> e.getValue() >= minCount)
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).toList();
        Map<String, Integer> index = new HashMap<>();
        for (String key : kept) {
            index.put(key, index.size());
        }
        return index;
    }

    // ---- saved with the model

    void write(DataOutputStream out, int version) throws IOException {
        for (Map<String, Integer> map : List.of(genres, words, people)) {
            String[] byIndex = new String[map.size()];
            map.forEach((k, v) -> byIndex[v] = k);
            out.writeInt(byIndex.length);
            for (String key : byIndex) {
                out.writeUTF(key);
            }
        }
        for (int f = 0; f < NUMERIC_FEATURES; f++) {
            out.writeFloat(numericMean[f]);
            out.writeFloat(numericStd[f]);
        }
        if (version < 6) {
            return;
        }
        // Format 6: which towers read text, and its projection.
        out.writeBoolean(textProjection != null);
        if (textProjection != null) {
            out.writeBoolean(textInput.contentTower());
            out.writeBoolean(textInput.coldTower());
            textProjection.write(out);
        }
    }

    /** Reads what {@link #write} wrote; before format 6 there is no text part. */
    static ContentVocabulary read(DataInputStream in, int version) throws IOException {
        List<Map<String, Integer>> maps = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            int size = in.readInt();
            Map<String, Integer> map = new HashMap<>();
            for (int i = 0; i < size; i++) {
                map.put(in.readUTF(), i);
            }
            maps.add(map);
        }
        float[] mean = new float[NUMERIC_FEATURES];
        float[] std = new float[NUMERIC_FEATURES];
        for (int f = 0; f < NUMERIC_FEATURES; f++) {
            mean[f] = in.readFloat();
            std[f] = in.readFloat();
        }
        TextInput textInput = TextInput.OFF;
        TextProjection projection = null;
        if (version >= 6 && in.readBoolean()) {
            boolean contentTower = in.readBoolean();
            boolean coldTower = in.readBoolean();
            projection = TextProjection.read(in);
            textInput = new TextInput(projection.dimensions(), contentTower, coldTower);
        }
        return new ContentVocabulary(maps.get(0), maps.get(1), maps.get(2), mean, std, textInput, projection);
    }
}
