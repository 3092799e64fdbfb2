package dev.recsys.training.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.recsys.model.publicrating.PublicRatingEvaluation;
import dev.recsys.model.publicrating.PublicRatingFit;
import dev.recsys.model.publicrating.PublicRatingModel;
import dev.recsys.model.publicrating.PublicRatingRun;

/**
 * The public-rating model's evaluation as a version records it (docs/architecture.md, "public
 * rating"): on held-out movies with an IMDb (else TMDB) rating from at least minVotes votes, the model against the
 * genre mean and gradient-boosted trees on the same inputs; or, without a model, why there is none.
 *
 * @param format      the stored model's format (PublicRatingModel.FORMAT_VERSION)
 * @param releaseText  whether the model reads the movies' release text (the embedding of title and plot):
 *                     chosen by the fit when the catalog has those vectors and they lower its out-of-fold error
 * @param treesLibrary the library and version of the trees baseline
 * @param scale        the rating learned: {@code imdb} where IMDb ratings are loaded, else {@code tmdb} (TMDB's vote average)
 * @param releaseFacts whether it reads TMDB's facts (budget, release month, language, companies, countries, keywords)
 * @param franchise    whether it reads the franchise a movie continues (TMDB's collection, or its title)
 * @param served       what gives the served point: {@code ridge}, or {@code trees} when the trees had the lower held-out
 *                     RMSE (both with an 80 % interval; the trees' coverage measured with each half of the held-out
 *                     movies calibrated on the other)
 * @param treeRounds   how many trees the trees kept (early stopping on a tenth of the training movies)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PublicRatingView(Integer format, Integer minVotes, Integer trainMovies, Integer testMovies,
                               Boolean releaseText, Errors model, Errors genreMean, Errors trees, String treesLibrary, Double seconds,
                               String absentReason, String scale, Boolean releaseFacts, Boolean franchise,
                               String served, Integer treeRounds) {

    /** R², RMSE and MAE per held-out movie; coverage (share inside the 80 % interval) and its mean width. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Errors(double r2, double rmse, double mae, Double coverage, Double meanWidth) {

        static Errors of(PublicRatingEvaluation.Errors e) {
            return e == null ? null : new Errors(e.r2(), e.rmse(), e.mae(), e.coverage(), e.meanWidth());
        }
    }

    static PublicRatingView of(PublicRatingRun run) {
        if (run == null) {
            return null;
        }
        double seconds = Math.round(run.seconds() * 1000) / 1000.0;
        PublicRatingEvaluation.Result e = run.evaluation();
        if (run.model() == null || e == null) {
            return new PublicRatingView(null, PublicRatingFit.MIN_VOTES, null, null, null, null, null, null, null, seconds,
                    run.absentReason(), null, null, null, null, null);
        }
        return new PublicRatingView(PublicRatingModel.FORMAT_VERSION, PublicRatingFit.MIN_VOTES, e.trainMovies(), e.testMovies(),
                run.model().readsText(), Errors.of(e.model()), Errors.of(e.genreMean()), Errors.of(e.trees()), e.treesName(), seconds, null,
                run.model().scale().name().toLowerCase(java.util.Locale.ROOT), run.model().readsReleaseFacts(),
                run.model().readsFranchise(), run.model().served(), e.trees() == null ? null : e.treeRounds());
    }
}
