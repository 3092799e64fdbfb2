package dev.recsys.modelservice.serving;

import dev.recsys.modelruntime.MovieTextEmbedding;
import dev.recsys.text.MovieText;
import dev.recsys.text.TextEmbedder;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Embeds a new movie's title and plot ({@code POST /predictions/new-movie}, scenarios) the way the
 * catalog's texts are embedded, on the request's thread. The embedder (about 1 s to load) is loaded
 * once, on the first request that needs it: a replica serving a model that reads no text never loads it.
 */
@ApplicationScoped
public class NewMovieTexts implements MovieTextEmbedding {

    private volatile TextEmbedder embedder;

    @Override
    public float[] embed(String title, String plot) {
        return embedder().embed(new MovieText(title, List.of(), List.of(), plot).text());
    }

    private TextEmbedder embedder() {
        TextEmbedder loaded = embedder;
        if (loaded == null) {
            synchronized (this) {
                if (embedder == null) {
                    embedder = new TextEmbedder(1);
                }
                loaded = embedder;
            }
        }
        return loaded;
    }

    @PreDestroy
    void close() {
        if (embedder != null) {
            embedder.close();
        }
    }
}
