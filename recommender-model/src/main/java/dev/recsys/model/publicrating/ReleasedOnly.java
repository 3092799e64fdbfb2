package dev.recsys.model.publicrating;

import dev.recsys.model.hybrid.ItemContent;

/**
 * Movies with metadata but no catalog movie (TMDB movies no MovieLens movie links to), which the public-rating
 * model learns from beside the catalog's: their content and TMDB ids. The model keeps them as id {@code -tmdbId},
 * so that a held-out or similar one can still be linked to its TMDB page.
 */
public record ReleasedOnly(ItemContent[] content, int[] tmdbIds) {

    public ReleasedOnly {
        if (content.length != tmdbIds.length) {
            throw new IllegalArgumentException(content.length + " movies but " + tmdbIds.length + " TMDB ids");
        }
    }

    public static ReleasedOnly none() {
        return new ReleasedOnly(new ItemContent[0], new int[0]);
    }

    /** The ids the model keeps them by: minus their TMDB id. */
    int[] modelIds() {
        int[] ids = new int[tmdbIds.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = -tmdbIds[i];
        }
        return ids;
    }
}
