package dev.recsys.recommendation.experiment;

import dev.recsys.platform.db.Sql;
import dev.recsys.platform.error.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the feedback events of an experiment's window and judges its variants. Each user's events
 * count for the variant the user is assigned to ({@link Assignment}: the same function that chose
 * what they were shown), so no exposure log is needed; users without an impression in the window
 * were not exposed and do not count.
 */
@ApplicationScoped
public class ExperimentAnalysis {

    /** A shown movie rated or watched within this time after it was first shown counts as a conversion. */
    public static final Duration CONVERSION_WINDOW = Duration.ofDays(7);
    /** Warn while the sample cannot detect a change of this relative size in click-through rate. */
    static final double WANTED_RELATIVE_EFFECT = 0.10;
    static final String METHOD = "Users are the unit: each metric is a ratio over a variant's exposed users (clicks / "
            + "impressions, ...), its variance from the delta method over users (Deng et al., KDD 2018), so users who "
            + "click a lot do not make chance differences look significant. Each variant is compared with the first "
            + "(the control) by a two-sided z-test at alpha = 0.05; detectableDifference is the difference this sample "
            + "detects with 80 % power.";

    private final Sql sql;
    private final ExperimentService experiments;

    public ExperimentAnalysis(Sql sql, ExperimentService experiments) {
        this.sql = sql;
        this.experiments = experiments;
    }

    /** Per user: impressions and clicks; shown movies, those later rated or watched, and the later ratings. */
    record UserActivity(long impressions, long clicks, long shown, long converted, double ratingSum, long ratings) {
    }

    public ExperimentResults results(long id) {
        Experiment experiment = experiments.find(id).orElseThrow(() -> ProblemException.notFound("no experiment with id " + id));
        Instant from = experiment.createdAt();
        Instant to = experiment.stoppedAt() != null ? experiment.stoppedAt() : Instant.now();
        return analyse(experiment, from, to, activity(from, to));
    }

    /** The results from each user's activity (public for the simulation tests, which generate activity). */
    static ExperimentResults analyse(Experiment experiment, Instant from, Instant to, Map<Integer, UserActivity> byUser) {
        Map<String, List<UserActivity>> byVariant = new LinkedHashMap<>();
        experiment.variants().forEach(v -> byVariant.put(v.name(), new ArrayList<>()));
        byUser.forEach((userId, activity) -> {
            if (activity.impressions() > 0) {
                byVariant.get(Assignment.variantOf(experiment, userId).name()).add(activity);
            }
        });
        List<ExperimentResults.VariantResult> results = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        RatioMetric[] control = null;
        for (Experiment.Variant variant : experiment.variants()) {
            List<UserActivity> users = byVariant.get(variant.name());
            RatioMetric ctr = RatioMetric.of(users.stream().map(u -> new RatioMetric.UserCounts(u.clicks(), u.impressions())).toList());
            RatioMetric conversion = RatioMetric.of(users.stream().map(u -> new RatioMetric.UserCounts(u.converted(), u.shown())).toList());
            RatioMetric rating = RatioMetric.of(users.stream().map(u -> new RatioMetric.UserCounts(u.ratingSum(), u.ratings())).toList());
            ExperimentResults.Differences vsControl = null;
            if (control == null) {
                control = new RatioMetric[] {ctr, conversion, rating};
            } else {
                RatioMetric.Comparison ctrDiff = ctr.against(control[0]);
                vsControl = new ExperimentResults.Differences(ExperimentResults.Difference.of(ctrDiff),
                        ExperimentResults.Difference.of(conversion.against(control[1])),
                        ExperimentResults.Difference.of(rating.against(control[2])));
                double wanted = WANTED_RELATIVE_EFFECT * control[0].value();
                if (!(ctrDiff.detectable() <= wanted)) {
                    warnings.add(String.format("variant %s: too few users to detect a %.0f %% change in click-through rate "
                                    + "(%d and %d users exposed; %s): keep it running before deciding", variant.name(),
                            WANTED_RELATIVE_EFFECT * 100, control[0].users(), ctr.users(),
                            Double.isFinite(ctrDiff.detectable()) && control[0].value() > 0
                                    ? String.format("this sample detects %.0f %%", 100 * ctrDiff.detectable() / control[0].value())
                                    : "no clicks or impressions to compare yet"));
                }
            }
            long impressions = users.stream().mapToLong(UserActivity::impressions).sum();
            long clicks = users.stream().mapToLong(UserActivity::clicks).sum();
            results.add(new ExperimentResults.VariantResult(variant.name(), variant.model(), variant.share(), users.size(),
                    impressions, clicks, ExperimentResults.Estimate.of(ctr), ExperimentResults.Estimate.of(conversion),
                    ExperimentResults.Estimate.of(rating), vsControl));
        }
        return new ExperimentResults(experiment, from, to, (int) CONVERSION_WINDOW.toDays(), results, warnings, METHOD);
    }

    private Map<Integer, UserActivity> activity(Instant from, Instant to) {
        Timestamp start = Timestamp.from(from);
        Timestamp end = Timestamp.from(to);
        String window = CONVERSION_WINDOW.toDays() + " days";
        Map<Integer, long[]> counts = new HashMap<>();
        sql.query("SELECT user_id, count(*) FILTER (WHERE type = 'impression'), count(*) FILTER (WHERE type = 'click') "
                + "FROM catalog.events WHERE occurred_at >= ? AND occurred_at < ? AND type IN ('impression', 'click') "
                + "GROUP BY user_id", rs -> counts.put(rs.getInt(1), new long[] {rs.getLong(2), rs.getLong(3)}), start, end);
        Map<Integer, UserActivity> byUser = new HashMap<>();
        // Each movie shown to a user (first shown in the window), then rated or watched within the conversion window.
        sql.query("WITH shown AS (SELECT user_id, movie_id, min(occurred_at) AS first_shown FROM catalog.events "
                + "  WHERE type = 'impression' AND occurred_at >= ? AND occurred_at < ? GROUP BY user_id, movie_id), "
                + "outcome AS (SELECT s.user_id, r.rating, r.rating IS NOT NULL OR EXISTS (SELECT 1 FROM catalog.events w "
                + "    WHERE w.user_id = s.user_id AND w.movie_id = s.movie_id AND w.type = 'watch' "
                + "    AND w.occurred_at >= s.first_shown AND w.occurred_at <= s.first_shown + ?::interval) AS converted "
                + "  FROM shown s LEFT JOIN catalog.ratings r ON r.user_id = s.user_id AND r.movie_id = s.movie_id "
                + "    AND r.rated_at >= s.first_shown AND r.rated_at <= s.first_shown + ?::interval) "
                + "SELECT user_id, count(*), count(*) FILTER (WHERE converted), coalesce(sum(rating), 0), count(rating) "
                + "FROM outcome GROUP BY user_id", rs -> {
                    long[] c = counts.getOrDefault(rs.getInt(1), new long[2]);
                    return byUser.put(rs.getInt(1), new UserActivity(c[0], c[1], rs.getLong(2), rs.getLong(3),
                            rs.getDouble(4), rs.getLong(5)));
                }, start, end, window, window);
        counts.forEach((user, c) -> byUser.putIfAbsent(user, new UserActivity(c[0], c[1], 0, 0, 0, 0)));
        return byUser;
    }
}
