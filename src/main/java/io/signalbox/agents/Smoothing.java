package io.signalbox.agents;

/**
 * The exponential-smoothing recursions in component form (Hyndman &amp; Athanasopoulos, FPP §8.2–8.3), written as
 * error-correction updates so each day costs a handful of flops and nothing is allocated. Every method returns
 * the sum of squared one-step-ahead errors and leaves the final state in {@code state} ({level, trend}).
 */
final class Smoothing {

    /** Days of history the Holt initial state is fitted over. */
    static final int HOLT_INIT_DAYS = 10;
    /** Seasons of history (at most) the Holt-Winters initial state is fitted over. */
    static final int HW_INIT_SEASONS = 4;

    private Smoothing() {
    }

    /**
     * Holt's linear method over {@code y[from..]}, starting from the state just before {@code y[from]}.
     * ℓ<sub>t</sub> = αy<sub>t</sub> + (1−α)(ℓ<sub>t−1</sub>+b<sub>t−1</sub>),
     * b<sub>t</sub> = β(ℓ<sub>t</sub>−ℓ<sub>t−1</sub>) + (1−β)b<sub>t−1</sub>; one-step forecast ℓ+b.
     *
     * @param errors when not null, receives each one-step error at its index
     */
    static double holt(double[] y, int from, double alpha, double beta, double level, double trend, double[] state,
            double[] errors) {
        double sse = 0;
        for (int t = from; t < y.length; t++) {
            double f = level + trend;
            double e = y[t] - f;
            sse += e * e;
            if (errors != null) {
                errors[t] = e;
            }
            double next = f + alpha * e;
            trend += beta * (next - level - trend);
            level = next;
        }
        state[0] = level;
        state[1] = trend;
        return sse;
    }

    /**
     * Additive Holt-Winters over all of {@code y}, starting from the state just before {@code y[0]}.
     * ℓ<sub>t</sub> = α(y<sub>t</sub>−s<sub>t−m</sub>) + (1−α)(ℓ<sub>t−1</sub>+b<sub>t−1</sub>),
     * b<sub>t</sub> = β(ℓ<sub>t</sub>−ℓ<sub>t−1</sub>) + (1−β)b<sub>t−1</sub>,
     * s<sub>t</sub> = γ(y<sub>t</sub>−ℓ<sub>t−1</sub>−b<sub>t−1</sub>) + (1−γ)s<sub>t−m</sub>.
     *
     * @param seasonInit the seasonal component of each phase (day index mod m) before y[0]
     * @param season     receives the seasonal component of each phase at the end (length m; scratch)
     * @param errors     when not null, receives each one-step error at its index
     */
    static double holtWinters(double[] y, int m, double alpha, double beta, double gamma, double level, double trend,
            double[] seasonInit, double[] season, double[] state, double[] errors) {
        System.arraycopy(seasonInit, 0, season, 0, m);
        double sse = 0;
        int phase = 0;
        for (int t = 0; t < y.length; t++) {
            double s = season[phase];
            double lb = level + trend;
            double e = y[t] - lb - s;
            sse += e * e;
            if (errors != null) {
                errors[t] = e;
            }
            double next = lb + alpha * e;
            trend += beta * (next - level - trend);
            season[phase] = s + gamma * e;
            level = next;
            if (++phase == m) {
                phase = 0;
            }
        }
        state[0] = level;
        state[1] = trend;
        return sse;
    }

    /**
     * Holt's initial state: a least-squares line through the first {@link #HOLT_INIT_DAYS} days, read one day
     * before y[0], so the first one-step forecast is the line's value at day 0. Needs two days.
     */
    static void holtInit(double[] y, double[] state) {
        int k = Math.min(y.length, HOLT_INIT_DAYS);
        double[] line = line(y, k);
        state[0] = line[0] - line[1];
        state[1] = line[1];
    }

    /**
     * Holt-Winters' initial state: a least-squares fit of a line plus one constant per phase (y = a + bt + s<sub>t
     * mod m</sub>, the s summing to zero) to the first K full seasons, K = 2 to {@link #HW_INIT_SEASONS}. Fitting
     * the phases with the line keeps the weekly pattern out of the slope (a plain line through a few seasons
     * would lean with the pattern). Needs 2m days.
     */
    static void holtWintersInit(double[] y, int m, double[] state, double[] seasonInit) {
        int seasons = Math.min(y.length / m, HW_INIT_SEASONS);
        double kMean = (seasons - 1) / 2.0;
        double kSq = 0;
        for (int k = 0; k < seasons; k++) {
            kSq += (k - kMean) * (k - kMean);
        }
        // within each phase, day t = i + k·m: the slope is the pooled within-phase regression on k, over m days
        double sxy = 0;
        double total = 0;
        for (int i = 0; i < m; i++) {
            double phaseSum = 0;
            for (int k = 0; k < seasons; k++) {
                double v = y[i + k * m];
                sxy += (k - kMean) * v;
                phaseSum += v;
            }
            seasonInit[i] = phaseSum / seasons;
            total += phaseSum;
        }
        double slope = sxy / ((double) m * m * kSq);
        double intercept = total / (seasons * m) - slope * (seasons * m - 1) / 2.0;
        for (int i = 0; i < m; i++) {
            seasonInit[i] -= intercept + slope * (i + m * kMean);
        }
        state[0] = intercept - slope;
        state[1] = slope;
    }

    /** Least-squares {intercept at day 0, slope} through y[0..k). */
    static double[] line(double[] y, int k) {
        if (k < 2) {
            return new double[] {k == 1 ? y[0] : 0, 0};
        }
        double meanT = (k - 1) / 2.0;
        double meanY = 0;
        for (int t = 0; t < k; t++) {
            meanY += y[t];
        }
        meanY /= k;
        double sxy = 0;
        double sxx = 0;
        for (int t = 0; t < k; t++) {
            double dt = t - meanT;
            sxy += dt * (y[t] - meanY);
            sxx += dt * dt;
        }
        double slope = sxy / sxx;
        return new double[] {meanY - slope * meanT, slope};
    }

    /**
     * The h-step forecast variance as a multiple of σ², exact for the additive state-space models behind Holt and
     * Holt-Winters (Hyndman et al. 2008, ch. 6): 1 + Σ<sub>j=1..h−1</sub> c<sub>j</sub>², where
     * c<sub>j</sub> = α + jαβ + γ·[j a multiple of m] are the weights with which a past error still moves the
     * forecast. For Holt (γ = 0) this is FPP's 1 + (h−1)(α² + αβ'h + β'²h(2h−1)/6) with β' = αβ.
     *
     * @param m season period, or 0 without a season
     */
    static double varianceFactor(int h, double alpha, double beta, double gamma, int m) {
        double betaSs = alpha * beta;
        double sum = 1;
        for (int j = 1; j < h; j++) {
            double c = alpha + j * betaSs + (m > 0 && j % m == 0 ? gamma : 0);
            sum += c * c;
        }
        return sum;
    }
}
