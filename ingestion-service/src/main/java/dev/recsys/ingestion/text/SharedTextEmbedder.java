package dev.recsys.ingestion.text;

import dev.recsys.text.TextEmbedder;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The service's one {@link TextEmbedder}, loaded on first use (about a second and 100 MB of native
 * memory, which a service that never embeds should not pay) and closed when the service stops.
 */
@ApplicationScoped
public class SharedTextEmbedder {

    private TextEmbedder embedder;   // guarded by this

    public synchronized TextEmbedder get() {
        if (embedder == null) {
            long started = System.nanoTime();
            embedder = TextEmbedder.usingAllCores();
            Log.infof("Loaded the text embedder (%s) in %.1f s", TextEmbedder.MODEL_NAME, (System.nanoTime() - started) / 1e9);
        }
        return embedder;
    }

    @PreDestroy
    synchronized void close() {
        if (embedder != null) {
            embedder.close();
            embedder = null;
        }
    }
}
