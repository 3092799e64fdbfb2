package dev.recsys.model.hybrid;

/**
 * Which towers read a movie's sentence embedding, through a {@link TextProjection} of how many
 * dimensions. Fixed when the vocabulary is built and saved with the model; a catalog without text
 * vectors gives a model that reads none, whatever this says.
 *
 * @param dimensions   principal directions of the catalog's text vectors the towers read
 * @param contentTower whether the content tower (rated movies, part of the rating head) reads them
 * @param coldTower    whether the cold tower (movies without ratings) reads them
 */
public record TextInput(int dimensions, boolean contentTower, boolean coldTower) {

    /**
     * What a model reads when its catalog has text vectors: the cold tower alone, 32 directions. On
     * ml-latest-small's three splits it lowered cold-movie RMSE and raised cold NDCG@10 on all three
     * with warm accuracy unchanged; the content tower reading it too lowered warm RMSE but gave part
     * of the cold gain back and cost temporal NDCG@10; 64 directions were no better (docs/benchmarks.md).
     */
    public static final TextInput DEFAULT = new TextInput(32, false, true);
    public static final TextInput OFF = new TextInput(0, false, false);

    public boolean readsText() {
        return dimensions > 0 && (contentTower || coldTower);
    }
}
