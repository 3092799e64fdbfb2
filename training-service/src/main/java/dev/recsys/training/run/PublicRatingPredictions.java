package dev.recsys.training.run;

import dev.recsys.model.hybrid.ItemContent;
import dev.recsys.model.publicrating.PublicRatingModel;
import dev.recsys.model.publicrating.PublicRatingRun;
import dev.recsys.modelruntime.publicrating.PublicRatingRepository;
import dev.recsys.training.dataset.CatalogDataset;
import java.util.ArrayList;
import java.util.List;

/** The predicted IMDb rating of every catalog movie that has none, stored with the version (GET /movies/{id} shows it). */
final class PublicRatingPredictions {

    private PublicRatingPredictions() {
    }

    static List<PublicRatingRepository.MoviePrediction> forMoviesWithout(PublicRatingRun run, CatalogDataset.Loaded loaded) {
        List<PublicRatingRepository.MoviePrediction> predictions = new ArrayList<>();
        if (run.model() == null || run.model().scale() != PublicRatingModel.Scale.IMDB) {
            return predictions;   // what GET /movies/{id} shows is a predicted IMDb rating
        }
        ItemContent[] content = loaded.content();
        for (int i = 0; i < content.length; i++) {
            if (content[i].imdbRating() == null) {
                predictions.add(new PublicRatingRepository.MoviePrediction(loaded.ratings().itemId(i),
                        run.model().predict(content[i])));
            }
        }
        return predictions;
    }
}
