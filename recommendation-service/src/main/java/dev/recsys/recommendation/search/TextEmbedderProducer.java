package dev.recsys.recommendation.search;

import dev.recsys.text.TextEmbedder;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The one sentence-embedding model of this service (about 25 MB, a second to load): each search
 * embeds its query on the request's own thread, so one helper thread is enough.
 */
public class TextEmbedderProducer {

    @Produces
    @Singleton
    TextEmbedder textEmbedder() {
        return new TextEmbedder(1);
    }

    void close(@Disposes TextEmbedder embedder) {
        embedder.close();
    }
}
