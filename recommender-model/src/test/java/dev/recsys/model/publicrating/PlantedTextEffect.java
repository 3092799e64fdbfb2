package dev.recsys.model.publicrating;

import dev.recsys.model.hybrid.ItemContent;
import java.util.stream.IntStream;

/**
 * IMDb ratings that follow the release text: for the services' tests, which need an IMDb-rating model
 * that reads text from real embeddings. Adds {@code points} per standard deviation along the leading
 * principal direction of the movies' release-text vectors (those without a vector keep their rating).
 */
public final class PlantedTextEffect {

    private PlantedTextEffect() {
    }

    public static ItemContent[] plant(ItemContent[] content, double points) {
        ReleaseTextProjection projection = ReleaseTextProjection.fit(content, IntStream.range(0, content.length).toArray(), 1);
        ItemContent[] out = content.clone();
        for (int i = 0; i < content.length; i++) {
            ItemContent c = content[i];
            if (c.imdbRating() == null || c.releaseTextVector() == null) {
                continue;
            }
            double leading = projection.appendTo(new double[0], c.releaseTextVector())[0];
            out[i] = withImdbRating(c, c.imdbRating() + points * leading);
        }
        return out;
    }

    /** The movie with this IMDb rating, as IMDb shows it: one decimal, 1 to 10 (null: none). */
    static ItemContent withImdbRating(ItemContent c, Double rating) {
        Float shown = rating == null ? null : (float) (Math.round(Math.max(1, Math.min(10, rating)) * 10) / 10.0);
        return new ItemContent(c.genres(), c.title(), c.directors(), c.writers(), c.cast(), c.year(), c.runtime(), shown,
                c.imdbVotes(), c.textVector(), c.releaseTextVector());
    }
}
