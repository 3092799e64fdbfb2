package dev.recsys.modelservice.serving;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The predicted rating of a new movie: for {@code userId}, or the average user when none is given;
 * with {@code userIds}, one prediction per user. {@code unknownPeople} and {@code unusedFields} say
 * what in the description the model could not use (it is ignored).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NewMovieResponse(long modelVersion, Integer userId, Boolean coldStartUser,
                               @Schema(description = "for userId, or the average user; absent with userIds") Double rating,
                               @Schema(description = "with userIds: one per user, in the order given") List<UserPrediction> predictions,
                               List<String> unknownPeople,
                               @Schema(description = "content the model cannot use, e.g. \"genres: 'Space Opera' is unknown\"")
                               List<String> unusedFields,
                               @Schema(description = "the IMDb rating the movie will likely get (1-10) with its 80 % "
                                       + "interval, from what is known before release; absent when the version has no "
                                       + "IMDb-rating model (unusedFields says why)") ImdbRating imdbRating,
                               @Schema(description = "instead of imdbRating, when the version learned TMDB's vote average "
                                       + "(0-10; a catalog loaded from TMDB without IMDb ratings)") ImdbRating tmdbRating) {

    /** A predicted IMDb rating and its 80 % interval. */
    @Schema(name = "ImdbRatingPrediction")
    public record ImdbRating(@Schema(examples = "6.9") double predicted, @Schema(examples = "5.8") double low,
                             @Schema(examples = "7.8") double high) {

        static ImdbRating of(dev.recsys.model.publicrating.PublicRatingModel.Interval interval) {
            return interval == null ? null : new ImdbRating(interval.predicted(), interval.low(), interval.high());
        }
    }

    /** A user's predicted rating; coldStartUser when the model has never seen the user (average user's answer). */
    public record UserPrediction(int userId, double rating, boolean coldStartUser) {
    }
}
