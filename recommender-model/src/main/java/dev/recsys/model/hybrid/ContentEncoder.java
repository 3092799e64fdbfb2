package dev.recsys.model.hybrid;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * A movie's content as the towers read it: the genre, title-word and person embedding tables, the
 * content tower (content → a vector and bias added to a rated movie's own, part of the rating head)
 * and the cold tower (content alone → a movie's vector and bias on the learned scale, for movies
 * without ratings). The tables and towers are written by the trainer until the model is built, and
 * only read after that; the two forwards share one lock, as DJL blocks are not safe to run concurrently.
 */
final class ContentEncoder {

    /** Keeps the numbers on the scale of the (small, regularised) embedding means they sit next to. */
    static final float NUMERIC_SCALE = 0.1f;

    private final ModelParams params;
    final float[] genreEmbeddings;
    final float[] wordEmbeddings;
    final float[] personEmbeddings;
    final Block contentTower;
    final Block coldTower;
    /** Whether the content tower reads the year: only in artifacts from before format 5, trained that way. */
    final boolean contentTowerReadsYear;
    /** Each tower's input width: the fields of {@link ModelParams#contentInput}, then the text block if it reads text. */
    final int contentInputWidth;
    final int coldInputWidth;
    /** Projected text values the towers that read text get, then one "has a text" flag; 0 without text. */
    private final int textBlock;
    private final NDManager manager;

    /** Zeroed tables and freshly initialised towers (the content tower first: the engine's seed decides both). */
    ContentEncoder(ModelParams params, ContentVocabulary vocabulary, boolean contentTowerReadsYear, NDManager manager) {
        int k = params.contentDimension();
        this.params = params;
        genreEmbeddings = new float[Math.max(1, vocabulary.genreCount()) * k];
        wordEmbeddings = new float[Math.max(1, vocabulary.wordCount()) * k];
        personEmbeddings = new float[Math.max(1, vocabulary.personCount()) * k];
        TextInput text = vocabulary.textInput();
        textBlock = vocabulary.readsText() ? vocabulary.textDimensions() + 1 : 0;
        contentInputWidth = params.contentInput() + (text.contentTower() ? textBlock : 0);
        coldInputWidth = params.contentInput() + (text.coldTower() ? textBlock : 0);
        contentTower = tower(params, contentInputWidth, manager);   // the content vector, then a content bias
        coldTower = tower(params, coldInputWidth, manager);         // a new movie's vector, then its bias
        this.contentTowerReadsYear = contentTowerReadsYear;
        this.manager = manager;
    }

    /** Content input → hidden ReLU layer → {@code dimension + 1} outputs (a vector, then a bias). */
    private static Block tower(ModelParams params, int inputWidth, NDManager manager) {
        Block tower = new SequentialBlock()
                .add(Linear.builder().setUnits(params.hidden()).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(params.dimension() + 1).build());
        tower.initialize(manager, DataType.FLOAT32, new Shape(1, inputWidth));
        return tower;
    }

    /** The embedding tables in artifact order. */
    float[][] tables() {
        return new float[][] {genreEmbeddings, wordEmbeddings, personEmbeddings};
    }

    /** The two towers' parameters, the content tower's first: their part of the artifact. */
    void saveTowers(DataOutputStream out) throws IOException {
        contentTower.saveParameters(out);
        coldTower.saveParameters(out);
    }

    void loadTowers(DataInputStream in) throws IOException, MalformedModelException {
        contentTower.loadParameters(manager, in);
        coldTower.loadParameters(manager, in);
    }

    /** Content tower outputs for the given movies, row-major: {@code dimension} vector values, then the content bias. */
    float[] contentVectors(ContentVocabulary.Encoded[] contents) {
        return forward(contentTower, contents, false);
    }

    /** Cold-tower outputs for the given movies, row-major: {@code dimension} vector values, then the bias. */
    float[] coldVectors(ContentVocabulary.Encoded[] contents) {
        return forward(coldTower, contents, true);
    }

    private synchronized float[] forward(Block tower, ContentVocabulary.Encoded[] contents, boolean cold) {
        int width = cold ? coldInputWidth : contentInputWidth;
        float[] input = new float[contents.length * width];
        for (int i = 0; i < contents.length; i++) {
            if (cold) {
                writeColdInput(contents[i], input, i * width);
            } else {
                writeContentInput(contents[i], input, i * width);
            }
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray z = scope.create(input, new Shape(contents.length, width));
            NDArray c = tower.forward(new ParameterStore(scope, false), new NDList(z), false).singletonOrThrow();
            return c.toFloatArray();
        }
    }

    /**
     * The content tower's input: mean genre, title-word and person embeddings, then the numbers
     * except the year (in artifacts from before format 5, with it): with the year the rating head
     * fits the years of the training period and predicts the next ratings worse (docs/benchmarks.md).
     */
    void writeContentInput(ContentVocabulary.Encoded content, float[] input, int offset) {
        writeEveryField(content, input, offset);
        if (!contentTowerReadsYear) {
            input[offset + 3 * params.contentDimension() + ContentVocabulary.YEAR] = 0;
        }
        if (contentInputWidth > params.contentInput()) {
            writeText(content, input, offset + params.contentInput());
        }
    }

    /**
     * The cold tower's input: every field but the title words, year included (it carries the cold
     * path). With title words the tower learns rated movies by their titles and predicts new ones
     * worse (docs/benchmarks.md).
     */
    void writeColdInput(ContentVocabulary.Encoded content, float[] input, int offset) {
        writeEveryField(content, input, offset);
        Arrays.fill(input, offset + params.contentDimension(), offset + 2 * params.contentDimension(), 0);
        if (coldInputWidth > params.contentInput()) {
            writeText(content, input, offset + params.contentInput());
        }
    }

    /**
     * The projected text vector and a flag that it is there; a movie without one reads zeros (the
     * catalog's mean text) and a zero flag, whose weight the tower learns.
     */
    private void writeText(ContentVocabulary.Encoded content, float[] input, int offset) {
        float[] text = content.text();
        if (text == null) {
            Arrays.fill(input, offset, offset + textBlock, 0);
            return;
        }
        System.arraycopy(text, 0, input, offset, textBlock - 1);
        input[offset + textBlock - 1] = 1;
    }

    /** Mean genre, word and person embeddings, then the normalised numbers. */
    private void writeEveryField(ContentVocabulary.Encoded content, float[] input, int offset) {
        int k = params.contentDimension();
        meanOf(genreEmbeddings, content.genres(), k, input, offset);
        meanOf(wordEmbeddings, content.words(), k, input, offset + k);
        meanOf(personEmbeddings, content.people(), k, input, offset + 2 * k);
        for (int f = 0; f < ContentVocabulary.NUMERIC_FEATURES; f++) {
            input[offset + 3 * k + f] = NUMERIC_SCALE * content.numeric()[f];
        }
    }

    private static void meanOf(float[] table, int[] rows, int k, float[] out, int offset) {
        Arrays.fill(out, offset, offset + k, 0);
        if (rows.length == 0) {
            return;
        }
        float scale = 1f / rows.length;
        for (int row : rows) {
            for (int j = 0; j < k; j++) {
                out[offset + j] += table[row * k + j] * scale;
            }
        }
    }
}
