package dev.recsys.modelservice.serving;

import dev.recsys.model.RatingScale;
import dev.recsys.model.hybrid.ContentVocabulary;
import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.model.hybrid.ItemContent;
import dev.recsys.model.publicrating.PublicRatingModel;
import dev.recsys.model.hybrid.NewMovie;
import dev.recsys.modelruntime.FoldedUsers;
import dev.recsys.modelruntime.MovieLimits;
import dev.recsys.modelruntime.MovieTextInput;
import dev.recsys.modelruntime.ServingModel;
import dev.recsys.modelruntime.FranchiseMovies;
import dev.recsys.modelruntime.publicrating.PublicRatings;
import dev.recsys.platform.error.FieldError;
import dev.recsys.platform.error.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rating predictions from the version this replica serves. Known pairs are a dot product over
 * vectors computed at load time; a user the model has never seen gets the movies' biases (cold
 * start); a new movie is scored from its content alone.
 */
@ApplicationScoped
public class PredictionService {

    public static final int MAX_MOVIES = 10_000;

    private final ServingModel serving;
    private final FoldedUsers foldedUsers;
    private final NewMovieTexts texts;
    private final PublicRatings publicRatings;
    private final FranchiseMovies franchiseMovies;

    public PredictionService(ServingModel serving, FoldedUsers foldedUsers, NewMovieTexts texts, PublicRatings publicRatings,
                             FranchiseMovies franchiseMovies) {
        this.franchiseMovies = franchiseMovies;
        this.serving = serving;
        this.foldedUsers = foldedUsers;
        this.texts = texts;
        this.publicRatings = publicRatings;
    }

    public PredictionResponse predict(PredictionRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("body", "a JSON body {userId, movieIds} is required");
        }
        requirePositive("userId", request.userId());
        List<Integer> movieIds = request.movieIds();
        if (movieIds == null || movieIds.isEmpty()) {
            throw ProblemException.badRequest("movieIds", "must list 1 to " + MAX_MOVIES + " movie ids");
        }
        if (movieIds.size() > MAX_MOVIES) {
            throw ProblemException.tooLarge("at most " + MAX_MOVIES + " movies per request; this one has "
                    + movieIds.size(), List.of(new FieldError("movieIds", "at most " + MAX_MOVIES + " items")));
        }
        for (int i = 0; i < movieIds.size(); i++) {
            requirePositive("movieIds[" + i + "]", movieIds.get(i));
        }
        ServingModel.Loaded loaded = serving.require();
        HybridModel model = loaded.model();
        int user = model.userIndex(request.userId());
        // A user who rated after the last training is folded in from those ratings; without any, cold start.
        Optional<HybridModel.FoldedUser> folded = user >= 0 ? Optional.empty() : foldedUsers.of(loaded, request.userId());
        List<PredictionResponse.Prediction> predictions = new ArrayList<>(movieIds.size());
        List<Integer> unknown = new ArrayList<>();
        for (int movieId : movieIds) {
            int item = model.movieIndex(movieId);
            if (item < 0) {
                unknown.add(movieId);
                continue;
            }
            double rating = user >= 0 ? model.predict(user, item)
                    : folded.map(f -> model.predict(f, item)).orElseGet(() -> model.predictWithoutUser(item));
            predictions.add(new PredictionResponse.Prediction(movieId, RatingScale.clamp(rating)));
        }
        return new PredictionResponse(loaded.version(), request.userId(), user < 0 && folded.isEmpty(),
                folded.isPresent() ? Boolean.TRUE : null, predictions, unknown);
    }

    public NewMovieResponse predictNewMovie(NewMovieRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("body", "a JSON body {title, genres, directors, actors, ...} is required");
        }
        if (request.title() == null || request.title().isBlank()) {
            throw ProblemException.badRequest("title", "is required");
        }
        checkContentBounds(request);
        if (request.userId() != null) {
            requirePositive("userId", request.userId());
        }
        List<Integer> userIds = request.userIds();
        if (userIds != null) {
            if (request.userId() != null) {
                throw ProblemException.badRequest("userIds", "give userId or userIds, not both");
            }
            if (userIds.isEmpty() || userIds.size() > MAX_MOVIES) {
                String detail = "userIds must list 1 to " + MAX_MOVIES + " users; this one has " + userIds.size();
                List<FieldError> errors = List.of(new FieldError("userIds", "1 to " + MAX_MOVIES + " items"));
                throw userIds.isEmpty() ? ProblemException.badRequest(detail, errors) : ProblemException.tooLarge(detail, errors);
            }
            for (int i = 0; i < userIds.size(); i++) {
                requirePositive("userIds[" + i + "]", userIds.get(i));
            }
        }
        ServingModel.Loaded loaded = serving.require();
        HybridModel model = loaded.model();
        List<String> unused = new ArrayList<>();
        ItemContent content = MovieTextInput.withText(model, publicRatings.forVersion(loaded.version()).model(),
                new ItemContent(orEmpty(request.genres()), request.title(), orEmpty(request.directors()),
                        orEmpty(request.writers()), orEmpty(request.actors()), request.year(), request.runtime(),
                        request.imdbRating(), request.imdbVotes()).withRelease(request.releaseFacts()), request.plot(),
                texts, unused);
        ContentVocabulary.Encoded encoded = model.vocabulary().encode(content);
        int[] franchise = franchiseMovies.of(loaded, content);
        // The vocabulary prefixes names with their role ("d:", "w:", "a:"); callers gave plain names.
        List<String> unknownPeople = encoded.unknownPeople().stream().map(n -> n.substring(2)).distinct().toList();
        unused.addAll(0, model.vocabulary().unusedFields(content));
        PublicRatings.Answer imdb = publicRatings.answer(loaded.version(), content);
        unused.addAll(imdb.unused());
        NewMovieResponse.ImdbRating rated = NewMovieResponse.ImdbRating.of(imdb.interval());
        boolean tmdbScale = imdb.scale() == PublicRatingModel.Scale.TMDB;
        NewMovieResponse.ImdbRating imdbRating = tmdbScale ? null : rated;
        NewMovieResponse.ImdbRating tmdbRating = tmdbScale ? rated : null;
        if (userIds != null) {
            NewMovie movie = model.newMovie(encoded, franchise);
            List<NewMovieResponse.UserPrediction> predictions = new ArrayList<>(userIds.size());
            for (int userId : userIds) {
                int user = model.userIndex(userId);
                predictions.add(new NewMovieResponse.UserPrediction(userId, RatingScale.clamp(movie.predict(user)), user < 0));
            }
            return new NewMovieResponse(loaded.version(), null, null, null, predictions, unknownPeople, unused, imdbRating,
                    tmdbRating);
        }
        int user = request.userId() == null ? -1 : model.userIndex(request.userId());
        double rating = RatingScale.clamp(model.newMovie(encoded, franchise).predict(user));
        return new NewMovieResponse(loaded.version(), request.userId(), request.userId() == null || user < 0, rating, null,
                unknownPeople, unused, imdbRating, tmdbRating);
    }

    /** Bounds on the content (the same as a scenario's), so that no request can ask for unbounded work or an echo of megabytes. */
    private static void checkContentBounds(NewMovieRequest request) {
        List<FieldError> errors = new ArrayList<>();
        MovieLimits.checkTitle(errors, "title", request.title());
        MovieLimits.checkNames(errors, "genres", request.genres());
        MovieLimits.checkNames(errors, "directors", request.directors());
        MovieLimits.checkNames(errors, "writers", request.writers());
        MovieLimits.checkNames(errors, "actors", request.actors());
        MovieLimits.checkYear(errors, "year", request.year());
        MovieLimits.checkRuntime(errors, "runtime", request.runtime());
        MovieLimits.checkImdbRating(errors, "imdbRating", request.imdbRating());
        MovieLimits.checkImdbVotes(errors, "imdbVotes", request.imdbVotes());
        MovieLimits.checkPlot(errors, "plot", request.plot());
        MovieLimits.checkReleaseFacts(errors, "", request.budget(), request.releaseMonth(), request.originalLanguage(),
                request.companies(), request.countries(), request.keywords(), request.collection());
        MovieLimits.throwIfAny(errors);
    }

    private static void requirePositive(String field, Integer value) {
        if (value == null) {
            throw ProblemException.badRequest(field, "is required");
        }
        if (value <= 0) {
            throw ProblemException.badRequest(field, "must be a positive integer");
        }
    }

    private static List<String> orEmpty(List<String> values) {
        return values == null ? List.of() : values.stream().filter(v -> v != null && !v.isBlank()).toList();
    }

}
