package io.signalbox.agents;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Forecasts a SKU's daily demand with exponential smoothing.
 *
 * <p>With at least two full seasons of history (14 days for a weekly season) both Holt's linear method and
 * additive Holt-Winters are fitted and the one with the lower AICc is kept, so a seasonal SKU gets its weekly
 * pattern and a flat one is not charged for seven seasonal states it does not need; with 3 to 13 days only Holt
 * is fitted; with 1 or 2 days the forecast is their mean ({@link ForecastModel#MEAN}).
 *
 * <p>Fitting: initial states come from a least-squares line (and, for Holt-Winters, each weekday's mean
 * deviation from it) over the first days, as in FPP §8; the smoothing parameters minimise the sum of squared
 * one-step-ahead errors over the whole history, by a coarse grid over [0,1] then Nelder–Mead from its best
 * point (γ is searched as a fraction of 1−α, the usual admissible region). A fit evaluates the recursion a few
 * hundred times and allocates nothing per evaluation: well under a millisecond for a year of history.
 *
 * <p>Prediction intervals: mean ± z·σ·√v<sub>h</sub>, with σ² the one-step error variance (SSE over n − p, p
 * counting the smoothing parameters and initial states) and v<sub>h</sub> the exact h-step variance factor of the
 * additive state-space model behind each method (Hyndman et al. 2008, ch. 6; {@link Smoothing#varianceFactor}).
 * This assumes normal, uncorrelated errors and ignores the uncertainty of the fitted parameters, so intervals
 * are somewhat optimistic on short histories. Means and bounds are floored at 0.
 */
public final class DemandForecaster {

    private static final double[] HOLT_ALPHAS = {0.1, 0.3, 0.6, 0.9};
    private static final double[] HOLT_BETAS = {0.02, 0.1, 0.3};
    private static final double[] HW_ALPHAS = {0.1, 0.35, 0.7};
    private static final double[] HW_BETAS = {0.02, 0.15};
    private static final double[] HW_GAMMA_FRACTIONS = {0.05, 0.3};
    private static final int MAX_EVALUATIONS = 150;
    private static final double TOLERANCE = 1e-5;

    private final ForecastSettings settings;
    private final double z;

    public DemandForecaster(ForecastSettings settings) {
        this.settings = settings;
        this.z = NormalQuantile.twoSided(settings.intervalLevel());
    }

    public DemandForecaster() {
        this(ForecastSettings.DEFAULTS);
    }

    public ForecastSettings settings() {
        return settings;
    }

    /**
     * The forecast for {@code settings.horizonDays()} days after the history's last day, with the model chosen
     * as described on the class.
     *
     * @throws IllegalArgumentException when the history is empty
     */
    public Forecast forecast(DemandHistory history) {
        double[] y = history.values();
        int n = y.length;
        if (n == 0) {
            throw noHistory(history);
        }
        if (n < 3) {
            return mean(history);
        }
        Fit holt = fitHolt(y);
        if (n < 2 * settings.seasonPeriod()) {
            return build(history, holt);
        }
        Fit hw = fitHoltWinters(y, settings.seasonPeriod());
        return build(history, hw.aicc(n) < holt.aicc(n) ? hw : holt);
    }

    /**
     * The forecast of one given model, whatever the selection would pick: to compare models, or to pin one.
     *
     * @throws IllegalArgumentException when the history is too short for it (Holt 3 days, Holt-Winters two seasons)
     */
    public Forecast forecast(DemandHistory history, ForecastModel model) {
        double[] y = history.values();
        int m = settings.seasonPeriod();
        return switch (model) {
            case MEAN -> {
                if (y.length == 0) {
                    throw noHistory(history);
                }
                yield mean(history);
            }
            case HOLT -> {
                if (y.length < 3) {
                    throw new IllegalArgumentException("Holt's method needs 3 days of history; SKU " + history.sku()
                            + " has " + y.length);
                }
                yield build(history, fitHolt(y));
            }
            case HOLT_WINTERS -> {
                if (y.length < 2 * m) {
                    throw new IllegalArgumentException("Holt-Winters needs two seasons (" + 2 * m
                            + " days) of history; SKU " + history.sku() + " has " + y.length);
                }
                yield build(history, fitHoltWinters(y, m));
            }
        };
    }

    private static IllegalArgumentException noHistory(DemandHistory history) {
        return new IllegalArgumentException("SKU " + history.sku() + " has no demand history to forecast from");
    }

    /** A fitted model: parameters, the one-step SSE, the number of fitted quantities, and the final state. */
    record Fit(ForecastModel model, double alpha, double beta, double gamma, int period, double sse, int parameters,
            double level, double trend, double[] season) {

        /** Akaike's criterion, corrected for small samples, on the Gaussian likelihood of the one-step errors. */
        double aicc(int n) {
            int k = parameters + 1;
            if (n - k - 1 <= 0) {
                return Double.POSITIVE_INFINITY;
            }
            double sse = Math.max(this.sse, 1e-12 * n);
            return n * Math.log(sse / n) + 2.0 * k + 2.0 * k * (k + 1) / (n - k - 1);
        }
    }

    static Fit fitHolt(double[] y) {
        double[] init = new double[2];
        Smoothing.holtInit(y, init);
        double level0 = init[0];
        double trend0 = init[1];
        double[] state = new double[2];
        double[] best = new double[2];
        double bestSse = Double.POSITIVE_INFINITY;
        for (double a : HOLT_ALPHAS) {
            for (double b : HOLT_BETAS) {
                double sse = Smoothing.holt(y, 0, a, b, level0, trend0, state, null);
                if (sse < bestSse) {
                    bestSse = sse;
                    best[0] = a;
                    best[1] = b;
                }
            }
        }
        NelderMead.minimise(p -> Smoothing.holt(y, 0, p[0], p[1], level0, trend0, state, null),
                best, 0.1, 0, 1, MAX_EVALUATIONS, TOLERANCE);
        double sse = Smoothing.holt(y, 0, best[0], best[1], level0, trend0, state, null);
        return new Fit(ForecastModel.HOLT, best[0], best[1], 0, 0, sse, 4, state[0], state[1], null);
    }

    static Fit fitHoltWinters(double[] y, int m) {
        double[] init = new double[2];
        double[] seasonInit = new double[m];
        Smoothing.holtWintersInit(y, m, init, seasonInit);
        double level0 = init[0];
        double trend0 = init[1];
        double[] state = new double[2];
        double[] season = new double[m];
        double[] best = new double[3];
        double bestSse = Double.POSITIVE_INFINITY;
        for (double a : HW_ALPHAS) {
            for (double b : HW_BETAS) {
                for (double g : HW_GAMMA_FRACTIONS) {
                    double sse = Smoothing.holtWinters(y, m, a, b, g * (1 - a), level0, trend0, seasonInit, season,
                            state, null);
                    if (sse < bestSse) {
                        bestSse = sse;
                        best[0] = a;
                        best[1] = b;
                        best[2] = g;
                    }
                }
            }
        }
        NelderMead.minimise(p -> Smoothing.holtWinters(y, m, p[0], p[1], p[2] * (1 - p[0]), level0, trend0,
                seasonInit, season, state, null), best, 0.1, 0, 1, MAX_EVALUATIONS, TOLERANCE);
        double gamma = best[2] * (1 - best[0]);
        double sse = Smoothing.holtWinters(y, m, best[0], best[1], gamma, level0, trend0, seasonInit, season, state,
                null);
        return new Fit(ForecastModel.HOLT_WINTERS, best[0], best[1], gamma, m, sse, 3 + 2 + (m - 1), state[0],
                state[1], season);
    }

    private Forecast build(DemandHistory history, Fit fit) {
        double[] y = history.values();
        int n = y.length;
        double[] errors = new double[n];
        double[] state = new double[2];
        double[] init = new double[2];
        if (fit.model() == ForecastModel.HOLT) {
            Smoothing.holtInit(y, init);
            Smoothing.holt(y, 0, fit.alpha(), fit.beta(), init[0], init[1], state, errors);
        } else {
            double[] seasonInit = new double[fit.period()];
            Smoothing.holtWintersInit(y, fit.period(), init, seasonInit);
            Smoothing.holtWinters(y, fit.period(), fit.alpha(), fit.beta(), fit.gamma(), init[0], init[1],
                    seasonInit, new double[fit.period()], state, errors);
        }
        double sumAbs = 0;
        for (double e : errors) {
            sumAbs += Math.abs(e);
        }
        double sigma = Math.sqrt(fit.sse() / Math.max(1, n - fit.parameters()));
        LocalDate next = history.start().plusDays(n);
        List<ForecastPoint> points = new ArrayList<>(settings.horizonDays());
        for (int h = 1; h <= settings.horizonDays(); h++) {
            double mean = fit.level() + h * fit.trend();
            if (fit.model() == ForecastModel.HOLT_WINTERS) {
                mean += fit.season()[(n - 1 + h) % fit.period()];
            }
            double half = z * sigma * Math.sqrt(Smoothing.varianceFactor(h, fit.alpha(), fit.beta(), fit.gamma(),
                    fit.period()));
            points.add(new ForecastPoint(next.plusDays(h - 1L), h, Math.max(0, mean), Math.max(0, mean - half),
                    Math.max(0, mean + half)));
        }
        return new Forecast(history.sku(), fit.model(), fit.alpha(), fit.beta(), fit.gamma(), fit.period(), n,
                Math.sqrt(fit.sse() / n), sumAbs / n, sigma, fit.level(), fit.trend(), settings.intervalLevel(),
                points);
    }

    /**
     * One or two days: their mean, with σ their standard deviation (two days) or √mean (one day, as if demand
     * were Poisson), widened by √(1 + 1/n) for the uncertainty of the mean itself.
     */
    private Forecast mean(DemandHistory history) {
        double[] y = history.values();
        int n = y.length;
        double mean = n == 1 ? y[0] : (y[0] + y[1]) / 2;
        double rmse = n == 1 ? 0 : Math.abs(y[0] - y[1]) / 2;
        double sigma = n == 1 ? Math.sqrt(mean) : Math.abs(y[0] - y[1]) / Math.sqrt(2);
        double half = z * sigma * Math.sqrt(1 + 1.0 / n);
        LocalDate next = history.start().plusDays(n);
        List<ForecastPoint> points = new ArrayList<>(settings.horizonDays());
        for (int h = 1; h <= settings.horizonDays(); h++) {
            points.add(new ForecastPoint(next.plusDays(h - 1L), h, mean, Math.max(0, mean - half), mean + half));
        }
        return new Forecast(history.sku(), ForecastModel.MEAN, 0, 0, 0, 0, n, rmse, rmse, sigma, mean, 0,
                settings.intervalLevel(), points);
    }
}
