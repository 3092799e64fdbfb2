package dev.recsys.text;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Sentence embeddings of movie texts and search queries: all-MiniLM-L6-v2 (int8-quantized, the model
 * file ships inside the langchain4j jar) run in-process by ONNX Runtime. It works offline, needs no
 * model download or Python, and answers a short text in a few milliseconds on one core. Vectors are
 * L2-normalised, so a dot product is the cosine similarity. Thread-safe; load it once (about 1 s).
 */
public final class TextEmbedder implements AutoCloseable {

    /** Recorded beside every stored vector: a different model means a different vector space. */
    public static final String MODEL_NAME = "all-minilm-l6-v2-q";
    public static final int DIMENSIONS = 384;

    private final ExecutorService threads;
    private final AllMiniLmL6V2QuantizedEmbeddingModel model;

    public TextEmbedder(int threadCount) {
        this.threads = Executors.newFixedThreadPool(Math.max(1, threadCount), runnable -> {
            Thread thread = new Thread(runnable, "text-embedder");
            thread.setDaemon(true);
            return thread;
        });
        this.model = new AllMiniLmL6V2QuantizedEmbeddingModel(threads);
    }

    /** One thread per core: for batch embedding (a catalog); a request embeds one text on its own thread. */
    public static TextEmbedder usingAllCores() {
        return new TextEmbedder(Runtime.getRuntime().availableProcessors());
    }

    public float[] embed(String text) {
        return normalised(model.embed(nonBlank(text)).content().vector());
    }

    /** Embeds many texts, spread over this embedder's threads; the answer is in the order given. */
    public List<float[]> embedAll(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (String text : texts) {
            segments.add(TextSegment.from(nonBlank(text)));
        }
        var embeddings = model.embedAll(segments).content();
        List<float[]> vectors = new ArrayList<>(embeddings.size());
        for (var embedding : embeddings) {
            vectors.add(normalised(embedding.vector()));
        }
        return vectors;
    }

    public static float cosine(float[] a, float[] b) {
        float dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }

    private static String nonBlank(String text) {
        // The tokenizer rejects a segment it reads as empty (blank, or only invisible characters such as a zero-width
        // space or a byte-order mark); a movie with no letters or digits at all still gets a (neutral) vector.
        return text == null || text.codePoints().noneMatch(Character::isLetterOrDigit) ? "movie" : text;
    }

    private static float[] normalised(float[] vector) {
        double norm = 0;
        for (float value : vector) {
            norm += value * value;
        }
        float scale = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = vector[i] * scale;
        }
        return unit;
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
