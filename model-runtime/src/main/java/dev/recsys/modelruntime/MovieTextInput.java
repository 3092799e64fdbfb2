package dev.recsys.modelruntime;

import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.model.hybrid.ItemContent;
import dev.recsys.model.publicrating.PublicRatingModel;
import java.util.Collection;

/**
 * Gives a described movie the embedding of its title and plot for the served models that read text,
 * or says why its plot goes unread.
 */
public final class MovieTextInput {

    private MovieTextInput() {
    }

    /**
     * {@code content} with the embedding of its title and plot as its text vector when {@code model} reads
     * text, and as its release-text vector when {@code publicRating} (null: the version has none) does: a
     * movie described in a request has no tags yet, so its text is its release text and one embedding serves
     * both. Without {@code embedding} (null in a service that carries no embedder), or when neither model reads
     * text, {@code content} as it is; what went unread is listed in {@code unused}.
     */
    public static ItemContent withText(HybridModel model, PublicRatingModel publicRating, ItemContent content, String plot,
                                       MovieTextEmbedding embedding, Collection<String> unused) {
        boolean ratingReads = model.readsText();
        boolean imdbReads = publicRating != null && publicRating.readsText();
        if (!ratingReads && !imdbReads) {
            if (plot != null) {
                unused.add("plot: the active model reads no movie text");
            }
            return content;
        }
        if (embedding == null) {
            unused.add("title and plot: not embedded by this service (model-service's answer reads them)");
            return content;
        }
        float[] vector = embedding.embed(content.title(), plot);
        if (!ratingReads && plot != null) {
            unused.add("plot: the active model's rating reads no movie text (its IMDb rating does)");
        }
        ItemContent withText = ratingReads ? content.withText(vector) : content;
        return imdbReads ? withText.withReleaseText(vector) : withText;
    }
}
