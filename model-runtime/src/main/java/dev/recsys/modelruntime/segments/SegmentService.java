package dev.recsys.modelruntime.segments;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.model.segments.TasteSegments;
import dev.recsys.modelruntime.FoldedUsers;
import dev.recsys.modelruntime.ModelVersionRepository;
import dev.recsys.modelruntime.ServingModel;
import dev.recsys.platform.error.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The served version's taste segments, read from the registry once per version. A user belongs to
 * the segment whose centre is closest to their preference vector in that version; new ratings move
 * no one until the next training run.
 */
@ApplicationScoped
public class SegmentService {

    private record Cached(long version, Segments segments, float[] centroids, int dimension) {
    }

    private final ServingModel serving;
    private final ModelVersionRepository registry;
    private final FoldedUsers foldedUsers;
    private final AtomicReference<Cached> cache = new AtomicReference<>();

    public SegmentService(ServingModel serving, ModelVersionRepository registry, FoldedUsers foldedUsers) {
        this.foldedUsers = foldedUsers;
        this.serving = serving;
        this.registry = registry;
    }

    /** Each user's segment in a served version, and how many segments it has. */
    public record Assignments(int k, int[] segmentOf) {
    }

    /** Every user of the served version placed in a segment; empty when the version has no segments. */
    public Optional<Assignments> assignments(ServingModel.Loaded loaded) {
        Cached cached;
        try {
            cached = cached(loaded.version());
        } catch (ProblemException noSegments) {
            return Optional.empty();
        }
        HybridModel model = loaded.model();
        int[] segmentOf = new int[model.userCount()];
        for (int u = 0; u < segmentOf.length; u++) {
            segmentOf[u] = TasteSegments.nearest(cached.centroids(), cached.segments().k(), cached.dimension(),
                    model.userVector(u), 0);
        }
        return Optional.of(new Assignments(cached.segments().k(), segmentOf));
    }

    /** The served version's segments; empty when no model is loaded or the version has none. */
    public Optional<Segments> current() {
        Optional<ServingModel.Loaded> loaded = serving.current();
        if (loaded.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(cached(loaded.get().version()).segments());
        } catch (ProblemException noSegments) {
            return Optional.empty();
        }
    }

    public Segments all() {
        return cached(serving.require().version()).segments();
    }

    public Segments.Segment one(int id) {
        Segments segments = all();
        return segments.segments().stream().filter(s -> s.id() == id).findFirst()
                .orElseThrow(() -> ProblemException.notFound("no segment " + id + " in model version "
                        + segments.modelVersion() + " (segments 0 to " + (segments.k() - 1) + ")"));
    }

    public Segments.UserSegment ofUser(int userId) {
        if (userId <= 0) {
            throw ProblemException.badRequest("userId", "must be a positive integer");
        }
        ServingModel.Loaded loaded = serving.require();
        Cached cached = cached(loaded.version());
        HybridModel model = loaded.model();
        int user = model.userIndex(userId);
        // A user who rated after the last training joins the segment of their folded-in vector.
        Optional<HybridModel.FoldedUser> folded = user >= 0 ? Optional.empty() : foldedUsers.of(loaded, userId);
        if (user < 0 && folded.isEmpty()) {
            throw ProblemException.notFound("user " + userId + " has no ratings of movies in model version "
                    + loaded.version() + ": a user joins a segment once they have rated a movie the model knows");
        }
        float[] vector = user >= 0 ? model.userVector(user) : folded.get().vector();
        int segment = TasteSegments.nearest(cached.centroids(), cached.segments().k(), cached.dimension(), vector, 0);
        return new Segments.UserSegment(userId, loaded.version(), cached.segments().segments().get(segment),
                folded.isPresent() ? Boolean.TRUE : null);
    }

    private Cached cached(long version) {
        Cached cached = cache.get();
        if (cached != null && cached.version() == version) {
            return cached;
        }
        JsonNode json = registry.segments(version).orElseThrow(() -> ProblemException.notFound("model version "
                + version + " has no taste segments: it was trained before segments existed; train a new version"));
        List<Segments.Segment> segments = new ArrayList<>();
        int k = json.get("k").asInt();
        int dimension = json.get("segments").get(0).get("centroid").size();
        float[] centroids = new float[k * dimension];
        for (JsonNode s : json.get("segments")) {
            int id = s.get("id").asInt();
            for (int j = 0; j < dimension; j++) {
                centroids[id * dimension + j] = (float) s.get("centroid").get(j).asDouble();
            }
            segments.add(new Segments.Segment(id, s.get("users").asInt(), s.get("share").asDouble(),
                    s.get("meanRating").asDouble(), traits(s.get("genres")), traits(s.get("directors")), movies(s.get("movies"))));
        }
        Cached fresh = new Cached(version, new Segments(version, k, json.get("silhouette").asDouble(), segments),
                centroids, dimension);
        cache.set(fresh);
        return fresh;
    }

    private static List<Segments.Trait> traits(JsonNode array) {
        List<Segments.Trait> traits = new ArrayList<>();
        array.forEach(t -> traits.add(new Segments.Trait(t.get("name").asText(), t.get("lift").asDouble(),
                t.get("share").asDouble())));
        return traits;
    }

    private static List<Segments.Movie> movies(JsonNode array) {
        List<Segments.Movie> movies = new ArrayList<>();
        array.forEach(m -> movies.add(new Segments.Movie(m.get("movieId").asInt(), m.get("title").asText(),
                m.get("lift").asDouble(), m.get("likedBy").asInt())));
        return movies;
    }
}
