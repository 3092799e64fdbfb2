package dev.recsys.modelruntime;

import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.model.hybrid.ItemContent;
import java.util.Collection;

/** Gives a described movie its text vector when the served model reads text, or says why its plot goes unread. */
public final class MovieTextInput {

    private MovieTextInput() {
    }

    /**
     * {@code content} with the embedding of its title and plot when {@code model} reads text and
     * {@code embedding} is there (null in a service that carries no embedder); otherwise {@code content} as it is, and what went unread listed in {@code unused}.
     */
    public static ItemContent withText(HybridModel model, ItemContent content, String plot, MovieTextEmbedding embedding,
                                       Collection<String> unused) {
        if (model.readsText()) {
            if (embedding != null) {
                return content.withText(embedding.embed(content.title(), plot));
            }
            unused.add("title and plot: not embedded by this service (model-service's answer reads them)");
        } else if (plot != null) {
            unused.add("plot: the active model reads no movie text");
        }
        return content;
    }
}
