package dev.recsys.recommendation.experiment;

import java.util.List;

/**
 * A per-user ratio metric of one variant (clicks per impression, converted per impressed movie,
 * rating points per rating) and its comparison with the control's.
 *
 * <p>Users, not impressions, are the independent units: a user's impressions are correlated (one
 * user clicks a lot, another never), and a test that treats every impression as independent finds
 * "significant" differences between two identical variants far more often than 5 % of the time.
 * So the variance of the ratio Σclicks / Σimpressions comes from the delta method over users
 * (Deng, Knoblich and Lu, "Applying the Delta Method in Metric Analytics", KDD 2018); with one
 * impression per user it is the two-proportion z-test's unpooled variance. The difference to the
 * control is then tested with a two-sided z-test at α = 0.05.
 */
public record RatioMetric(int users, double numerator, double denominator, double value, double variance) {

    /** Two-sided 95 % normal quantile. */
    static final double Z_95 = 1.959963984540054;
    /** Normal quantile of 80 % power. */
    static final double Z_POWER_80 = 0.8416212335729143;

    /** One user's numerator and denominator (clicks and impressions, say). */
    public record UserCounts(double numerator, double denominator) {
    }

    /** The ratio over the users with a non-zero denominator, and its delta-method variance (NaN under two users). */
    public static RatioMetric of(List<UserCounts> perUser) {
        int n = 0;
        double sumX = 0;
        double sumY = 0;
        for (UserCounts u : perUser) {
            if (u.denominator() > 0) {
                n++;
                sumX += u.numerator();
                sumY += u.denominator();
            }
        }
        if (n == 0) {
            return new RatioMetric(0, 0, 0, Double.NaN, Double.NaN);
        }
        double meanX = sumX / n;
        double meanY = sumY / n;
        double varX = 0;
        double varY = 0;
        double cov = 0;
        for (UserCounts u : perUser) {
            if (u.denominator() > 0) {
                double dx = u.numerator() - meanX;
                double dy = u.denominator() - meanY;
                varX += dx * dx;
                varY += dy * dy;
                cov += dx * dy;
            }
        }
        double ratio = sumX / sumY;
        if (n < 2) {
            return new RatioMetric(n, sumX, sumY, ratio, Double.NaN);
        }
        varX /= n - 1;
        varY /= n - 1;
        cov /= n - 1;
        double variance = (varX - 2 * ratio * cov + ratio * ratio * varY) / (n * meanY * meanY);
        return new RatioMetric(n, sumX, sumY, ratio, Math.max(0, variance));
    }

    /** 95 % confidence interval of the value. */
    public double[] interval() {
        double half = Z_95 * Math.sqrt(variance);
        return new double[] {value - half, value + half};
    }

    /**
     * This variant against {@code control}: the difference, its 95 % interval, the z-test's
     * two-sided p-value, and the smallest difference this sample would detect with 80 % power.
     */
    public Comparison against(RatioMetric control) {
        double difference = value - control.value;
        double se = Math.sqrt(variance + control.variance);
        if (Double.isNaN(se) || Double.isNaN(difference)) {
            return new Comparison(difference, Double.NaN, Double.NaN, Double.NaN, false, Double.NaN);
        }
        if (se == 0) {
            // Every user of both variants has the same ratio: no chance spread, so any difference is real.
            return new Comparison(difference, difference, difference, difference == 0 ? 1 : 0, difference != 0, 0);
        }
        double z = difference / se;
        double p = Math.min(1, 2 * (1 - standardNormalCdf(Math.abs(z))));   // erfc's approximation can pass 1
        return new Comparison(difference, difference - Z_95 * se, difference + Z_95 * se, p, p < 0.05,
                (Z_95 + Z_POWER_80) * se);
    }

    /** The difference to the control; {@code detectable}: the difference 80 % power needs at α = 0.05. */
    public record Comparison(double difference, double low, double high, double pValue, boolean significant,
                             double detectable) {
    }

    /**
     * Φ(x) from the complementary error function (Numerical Recipes' erfc, fractional error under
     * 1.2e-7: p-values are exact to that far more than they need to be).
     */
    static double standardNormalCdf(double x) {
        return 1 - 0.5 * erfc(x / Math.sqrt(2));
    }

    private static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
