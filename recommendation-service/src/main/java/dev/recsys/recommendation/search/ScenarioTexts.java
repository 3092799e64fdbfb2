package dev.recsys.recommendation.search;

import dev.recsys.modelruntime.MovieTextEmbedding;
import dev.recsys.text.MovieText;
import dev.recsys.text.TextEmbedder;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The dashboard's what-if scenarios embed a described movie's title and plot with the service's one
 * embedder (the one search uses), so a model that reads movie text answers here as model-service does.
 */
@ApplicationScoped
public class ScenarioTexts implements MovieTextEmbedding {

    private final TextEmbedder embedder;

    public ScenarioTexts(TextEmbedder embedder) {
        this.embedder = embedder;
    }

    @Override
    public float[] embed(String title, String plot) {
        return embedder.embed(new MovieText(title, List.of(), List.of(), plot).text());
    }
}
