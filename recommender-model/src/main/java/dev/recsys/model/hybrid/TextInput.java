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

    /** What a model reads when its catalog has text vectors (docs/benchmarks.md, movie text). */
    public static final TextInput DEFAULT = new TextInput(Integer.getInteger("model.textDimensions", 32),
            Boolean.parseBoolean(System.getProperty("model.textContentTower", "false")),
            Boolean.parseBoolean(System.getProperty("model.textColdTower", "true")));
    public static final TextInput OFF = new TextInput(0, false, false);

    public boolean readsText() {
        return dimensions > 0 && (contentTower || coldTower);
    }
}
