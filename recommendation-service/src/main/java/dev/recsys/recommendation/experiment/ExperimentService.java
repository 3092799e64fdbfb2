package dev.recsys.recommendation.experiment;

import dev.recsys.modelruntime.ModelVersionRepository;
import dev.recsys.modelruntime.ServingModel;
import dev.recsys.platform.db.Sql;
import dev.recsys.platform.error.FieldError;
import dev.recsys.platform.error.ProblemException;
import dev.recsys.recommendation.RecommendationsConfig;
import dev.recsys.recommendation.catalog.RatingChanges;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Experiments between model versions: creating, stopping and promoting them, and for a request,
 * which variant and model a user gets. Every replica keeps each running variant's version loaded
 * next to the active one; the running experiment is re-read at most once a second
 * ({@code recsys.recommendations.serving-run-check-millis}), so a new, stopped or promoted
 * experiment reaches every replica within a second.
 */
@ApplicationScoped
public class ExperimentService {

    static final int MAX_VARIANTS = 5;
    private static final Pattern VARIANT_NAME = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    /** A loaded model takes about its artifact's size on the heap, plus this share for the JVM's own overhead. */
    private static final double LOADED_BYTES_PER_ARTIFACT_BYTE = 1.25;
    /** Variants may take at most this share of the heap that is free when the experiment starts. */
    private static final double USABLE_FREE_HEAP = 0.8;

    /** The user's arm of the running experiment: its variant and the model to score with. */
    public record Arm(Experiment experiment, Experiment.Variant variant, ServingModel.Loaded model) {
    }

    private record Check(long checkedAt, Optional<Experiment> experiment) {
    }

    private final ExperimentRepository experiments;
    private final ModelVersionRepository versions;
    private final ServingModel serving;
    private final RatingChanges changes;
    private final long checkMillis;
    private volatile Check lastCheck = new Check(0, Optional.empty());

    public ExperimentService(ExperimentRepository experiments, ModelVersionRepository versions, ServingModel serving,
                             RatingChanges changes, RecommendationsConfig.Serving config) {
        this.experiments = experiments;
        this.versions = versions;
        this.serving = serving;
        this.changes = changes;
        this.checkMillis = config.servingRunCheckMillis();
    }

    public Experiment create(ExperimentRequest request) {
        List<Experiment.Variant> variants = validate(request);
        long needed = 0;
        for (Long version : pinnedVersions(variants)) {
            needed += (long) (versions.artifactSize(version).orElseThrow() * LOADED_BYTES_PER_ARTIFACT_BYTE);
        }
        Runtime runtime = Runtime.getRuntime();
        long free = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
        if (needed > free * USABLE_FREE_HEAP) {
            throw ProblemException.unprocessable(String.format("the variants' model versions need about %d MB of heap "
                    + "next to the active one, and this replica has %d MB free of %d MB: give the service more memory "
                    + "or compare fewer versions", needed >> 20, free >> 20, runtime.maxMemory() >> 20));
        }
        // Load them here first: a version that cannot be loaded refuses the experiment before users see it.
        for (Long version : pinnedVersions(variants)) {
            serving.pinned(version).orElseThrow(() -> ProblemException.unprocessable("model version " + version
                    + " cannot be loaded; see the service's log"));
        }
        Experiment created = experiments.create(request.name().strip(), variants, request.endsAt());
        lastCheck = new Check(0, Optional.empty());
        Log.infof("Experiment %d '%s' started: %s", created.id(), created.name(), created.variants());
        return created;
    }

    public Optional<Experiment> find(long id) {
        return experiments.find(id);
    }

    public List<Experiment> latest(int limit) {
        return experiments.latest(limit);
    }

    public Experiment stop(long id) {
        Experiment experiment = require(id);
        if (!experiments.stop(id, null)) {
            throw ProblemException.conflict("experiment " + id + " is already " + experiment.status());
        }
        lastCheck = new Check(0, Optional.empty());
        return require(id);
    }

    /** Activates the variant's version for everyone (every replica, through the registry) and stops the experiment. */
    public Experiment promote(long id, String variantName) {
        Experiment experiment = require(id);
        Experiment.Variant variant = experiment.variant(variantName);
        if (variant == null) {
            throw ProblemException.notFound("experiment " + id + " has no variant '" + variantName + "'; its variants: "
                    + experiment.variants().stream().map(Experiment.Variant::name).toList());
        }
        if (!experiment.running()) {
            throw ProblemException.conflict("experiment " + id + " is already " + experiment.status()
                    + "; activate a version directly with POST /api/v1/models/{version}/activate on model-service");
        }
        if (variant.version() != null) {
            serving.activate(variant.version());
        }
        experiments.stop(id, variant.name());
        lastCheck = new Check(0, Optional.empty());
        Log.infof("Experiment %d promoted variant '%s' (model %s)", id, variant.name(), variant.model());
        return require(id);
    }

    /**
     * The arm {@code userId} is in, when an experiment is running and its variant's model is loaded;
     * empty otherwise (the user sees the active model, as outside any experiment).
     */
    public Optional<Arm> armOf(int userId, Optional<ServingModel.Loaded> active) {
        Optional<Experiment> running = running();
        if (running.isEmpty()) {
            return Optional.empty();
        }
        Experiment.Variant variant = Assignment.variantOf(running.get(), userId);
        Optional<ServingModel.Loaded> model = variant.version() == null ? active : serving.pinned(variant.version());
        return model.map(m -> new Arm(running.get(), variant, m));
    }

    /**
     * The loaded models of the experiment's variants that pin a version other than {@code activeVersion},
     * by version: what a batch run scores those variants' users with. A version that cannot be loaded is
     * left out, so its users get the active model's lists, as they do live.
     */
    public Map<Long, ServingModel.Loaded> pinnedModels(Experiment experiment, long activeVersion) {
        Map<Long, ServingModel.Loaded> pinned = new HashMap<>();
        for (Long version : pinnedVersions(experiment.variants())) {
            if (version != activeVersion) {
                serving.pinned(version).ifPresent(loaded -> pinned.put(version, loaded));
            }
        }
        return pinned;
    }

    /** The running experiment, re-read at most once per check interval; the last known while the database is down. */
    public Optional<Experiment> running() {
        Check check = lastCheck;
        // While the database is known to be down, a request must not wait on a connection attempt.
        if (System.currentTimeMillis() - check.checkedAt() < checkMillis || !changes.databaseReachable()) {
            return check.experiment();
        }
        Optional<Experiment> experiment;
        try {
            experiment = experiments.running();
        } catch (RuntimeException e) {
            if (!Sql.isDatabaseUnavailable(e)) {
                throw e;
            }
            lastCheck = new Check(System.currentTimeMillis(), check.experiment());
            return check.experiment();
        }
        lastCheck = new Check(System.currentTimeMillis(), experiment);
        serving.keepPinnedOnly(experiment.map(e -> pinnedVersions(e.variants())).orElse(Set.of()));
        return experiment;
    }

    private static Set<Long> pinnedVersions(List<Experiment.Variant> variants) {
        Set<Long> pinned = new HashSet<>();
        variants.forEach(v -> {
            if (v.version() != null) {
                pinned.add(v.version());
            }
        });
        return pinned;
    }

    private Experiment require(long id) {
        return experiments.find(id).orElseThrow(() -> ProblemException.notFound("no experiment with id " + id));
    }

    /**
     * The request's variants, or 400 naming every field that is wrong. Counts and ranges are checked
     * first: a list of the wrong size is refused before any of it is read, and the model versions
     * (a registry lookup each) are looked up last, at most {@link #MAX_VARIANTS} of them.
     */
    private List<Experiment.Variant> validate(ExperimentRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("body", "send {\"name\": ..., \"variants\": [{\"name\", \"model\", \"share\"}, ...]}");
        }
        List<FieldError> errors = new ArrayList<>();
        if (request.name() == null || request.name().isBlank() || request.name().strip().length() > 100) {
            errors.add(new FieldError("name", "must be 1 to 100 characters"));
        }
        if (request.endsAt() != null && !request.endsAt().isAfter(Instant.now())) {
            errors.add(new FieldError("endsAt", "must be in the future"));
        }
        List<Experiment.Variant> variants = request.variants() == null ? List.of() : request.variants();
        if (variants.size() < 2 || variants.size() > MAX_VARIANTS) {
            errors.add(new FieldError("variants", "must list 2 to " + MAX_VARIANTS + " variants; this has " + variants.size()));
            throw ProblemException.badRequest("the experiment is not valid", errors);
        }
        Map<String, Integer> seen = new HashMap<>();
        Map<String, Long> lookups = new LinkedHashMap<>();
        int total = 0;
        List<Experiment.Variant> cleaned = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            Experiment.Variant v = variants.get(i);
            String at = "variants[" + i + "]";
            if (v == null) {
                errors.add(new FieldError(at, "must be an object with name, model and share"));
                continue;
            }
            if (v.name() == null || !VARIANT_NAME.matcher(v.name()).matches()) {
                errors.add(new FieldError(at + ".name", "must be 1-40 letters, digits, '-' or '_'"));
            } else if (seen.putIfAbsent(v.name(), i) != null) {
                errors.add(new FieldError(at + ".name", "'" + v.name() + "' is also the name of variants[" + seen.get(v.name()) + "]"));
            }
            String model = v.model() == null ? "" : v.model().strip();
            if (!model.equals("active")) {
                try {
                    lookups.put(at + ".model", Long.parseLong(model));
                } catch (NumberFormatException e) {
                    errors.add(new FieldError(at + ".model", "must be a model version number or \"active\", not '" + model + "'"));
                }
            }
            if (v.share() < 1 || v.share() > 99) {
                errors.add(new FieldError(at + ".share", "must be a whole percent from 1 to 99"));
            }
            total += v.share();
            cleaned.add(new Experiment.Variant(v.name(), model, v.share()));
        }
        if (total != 100) {
            errors.add(new FieldError("variants", "the shares must sum to 100; they sum to " + total));
        }
        lookups.forEach((field, version) -> {
            if (versions.find(version).isEmpty()) {
                errors.add(new FieldError(field, "there is no model version " + version));
            }
        });
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("the experiment is not valid", errors);
        }
        return cleaned;
    }
}
