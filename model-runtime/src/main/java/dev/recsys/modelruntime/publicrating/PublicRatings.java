package dev.recsys.modelruntime.publicrating;

import dev.recsys.model.hybrid.ItemContent;
import dev.recsys.model.publicrating.PublicRatingModel;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The public-rating (IMDb) model of the version a replica serves, loaded once per version beside
 * the main model (it is stored apart from the main artifact, in its own format) and read by
 * /predictions/new-movie and the scenarios.
 */
@ApplicationScoped
public class PublicRatings {

    static final String NOT_TRAINED = "this model version was trained before IMDb ratings were predicted: train a new one";

    /** A version's model, or null with the reason it has none. */
    public record Served(long version, PublicRatingModel model, String absentReason) {
    }

    private final PublicRatingRepository repository;
    private final AtomicReference<Served> cache = new AtomicReference<>();

    public PublicRatings(PublicRatingRepository repository) {
        this.repository = repository;
    }

    public Served forVersion(long version) {
        Served cached = cache.get();
        if (cached != null && cached.version() == version) {
            return cached;
        }
        Served served = load(version);
        cache.set(served);
        return served;
    }

    /**
     * The predicted IMDb rating of a described movie under {@code version}; empty when the version has
     * no IMDb-rating model, with the "imdbRating: why" line the response's unusedFields gets instead.
     */
    public Answer answer(long version, ItemContent content) {
        Served served = forVersion(version);
        if (served.model() == null) {
            return new Answer(null, List.of("imdbRating: " + served.absentReason()), null);
        }
        return new Answer(served.model().predict(content), unusedByItAlone(served.model(), content), served.model().scale());
    }

    /**
     * The fields of a description that only the public-rating model reads and could not use (TMDB's fields); its
     * genres are the main model's too, which names them already.
     */
    public static List<String> unusedByItAlone(PublicRatingModel model, ItemContent content) {
        return model.unusedFields(content).stream().filter(field -> !field.startsWith("genres:")).toList();
    }

    /** A prediction on its scale, or the reason there is none; {@code unused} also names fields it could not read. */
    public record Answer(PublicRatingModel.Interval interval, List<String> unused, PublicRatingModel.Scale scale) {
    }

    private Served load(long version) {
        PublicRatingRepository.Stored stored = repository.stored(version).orElse(new PublicRatingRepository.Stored(null, null));
        if (stored.model() == null) {
            return new Served(version, null, stored.absentReason() == null ? NOT_TRAINED : stored.absentReason());
        }
        try {
            return new Served(version, PublicRatingModel.read(stored.model()), null);
        } catch (IOException | RuntimeException e) {
            Log.errorf("The IMDb-rating model of version %d cannot be loaded: %s", version, e.getMessage());
            return new Served(version, null, "the IMDb-rating model of this version cannot be loaded: " + e.getMessage());
        }
    }
}
