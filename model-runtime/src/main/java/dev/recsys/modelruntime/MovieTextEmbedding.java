package dev.recsys.modelruntime;

/**
 * The sentence embedding of a movie described in a request (its title and optional plot), as the
 * model reads catalog movies' texts. model-service provides it (it holds the embedder); a service
 * without one serves models that read text from everything but the text.
 */
public interface MovieTextEmbedding {

    /** A unit vector of {@code dev.recsys.text.TextEmbedder}'s model; {@code plot} may be null. */
    float[] embed(String title, String plot);
}
