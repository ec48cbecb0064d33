package io.signalbox.agents;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds unusual days of demand and unusual stock movements with robust z-scores: how many robust standard
 * deviations (1.4826·MAD, i.e. z = 0.6745·(x − median)/MAD) a value lies from what its baseline makes typical.
 * Medians and MADs, unlike means and standard deviations, are not dragged along by the very outliers they are
 * looking for.
 *
 * <p><b>Demand.</b> Each scored day is compared with the {@code baselineDays} before it (not including it). Raw
 * demand has a weekly pattern and a trend, and a plain median over the window would flag every busy Saturday,
 * so, when the window holds two full seasons:
 * <ul>
 *   <li>the trend is the median of the slopes between days a whole number of weeks apart (a Theil–Sen estimate
 *       that the weekly pattern cannot bias), scaled for the scored weekday by its median over the average
 *       weekday's (a busy Saturday grows faster than a quiet Tuesday when the whole business grows);</li>
 *   <li>the expected value is the median of the same weekday's values in the window, each carried forward to the
 *       scored day along that trend;</li>
 *   <li>the spread is the robust standard deviation of week-on-week differences over the longer
 *       {@code spreadDays} before the day, divided by √2 (a difference of two days holds two days' noise; trend
 *       and weekly pattern cancel out of it);</li>
 *   <li>trend, overall level and spread change slowly, so they are estimated once a week of scored days, from
 *       the windows before the first of them;</li>
 *   <li>the robust standard deviation the score is measured in adds the uncertainty of the expected value
 *       itself, a median of k values: × √(1 + π/(2k)).</li>
 * </ul>
 * Without two full seasons (or with {@code seasonPeriod} 0 or 1) it is the plain median and robust standard
 * deviation of the window. When MAD is 0 (over half the baseline identical, e.g. a SKU that mostly sells
 * nothing) the mean absolute deviation × 1.2533 stands in, and the robust standard deviation is never below
 * {@code minRobustSd} units, so scores stay finite and a one-unit blip on a flat line is not an anomaly.
 *
 * <p><b>Stock movements.</b> Each movement of the last {@code recentDays} (before and on {@code asOf}) is compared
 * with the movements in the same direction (in or out) over the last {@code baselineDays}: its size against their
 * median size. Only movements larger than usual are reported (a small movement moves little stock), and only
 * those that are not {@link MovementKind#SALE}s: sales shape the baseline, but they are the demand, scored
 * already, and reporting them again would count one event twice. A direction with fewer than
 * {@code minMovements} movements in the baseline is not scored, and the robust standard deviation of sizes is
 * never below 5 % of the median size (receipts of a fixed order quantity are all alike, and one a few units off
 * is no anomaly).
 *
 * <p>False positives: for normal noise a day passes the medium threshold 3.5 with probability about 0.05 %, so a
 * catalogue of 10,000 SKUs sees a few dozen medium anomalies a week from noise alone; the high threshold 6 is
 * practically never reached by noise.
 */
public final class AnomalyDetector {

    /**
     * Movement sizes are never taken to vary by less than 5 % of their median: receipts of a fixed order quantity
     * are all alike, and one a few units off is not an anomaly.
     */
    static final double MIN_RELATIVE_MOVEMENT_SD = 0.05;

    private final AnomalySettings settings;

    public AnomalyDetector(AnomalySettings settings) {
        this.settings = settings;
    }

    public AnomalyDetector() {
        this(AnomalySettings.DEFAULTS);
    }

    public AnomalySettings settings() {
        return settings;
    }

    /** Anomalies among the last {@code recentDays} days of the history, oldest first. */
    public List<Anomaly> detectDemand(DemandHistory history) {
        return detectDemand(history, history.end().minusDays(settings.recentDays() - 1L), history.end());
    }

    /** Anomalies among the history's days from {@code from} to {@code to} (both included), oldest first. */
    public List<Anomaly> detectDemand(DemandHistory history, LocalDate from, LocalDate to) {
        double[] y = history.values();
        int first = (int) Math.max(0, history.start().until(from, ChronoUnit.DAYS));
        int last = (int) Math.min(y.length - 1L, history.start().until(to, ChronoUnit.DAYS));
        int w = settings.baselineDays();
        int p = settings.seasonPeriod();
        boolean seasonal = p >= 2 && w >= 2 * p;
        int perPhase = seasonal ? (w + p - 1) / p : 0;
        double[] scratch = new double[Math.max(w, p * perPhase * (perPhase - 1) / 2) + 1];
        double[] spreadScratch = new double[settings.spreadDays() + 1];
        Baseline baseline = null;
        int baselineAt = -1;
        List<Anomaly> found = new ArrayList<>();
        for (int t = Math.max(first, settings.minBaselineDays()); t <= last; t++) {
            int lo = Math.max(0, t - w);
            Score s;
            if (seasonal && t - lo >= 2 * p) {
                if (baseline == null || t - baselineAt >= p) {
                    baseline = seasonalBaseline(y, lo, t, p, scratch, spreadScratch);
                    baselineAt = t;
                }
                s = seasonalScore(y, lo, t, p, baseline, scratch);
            } else {
                s = plainScore(y, lo, t, scratch);
            }
            AnomalySeverity severity = settings.severityOf(s.z);
            if (severity != null) {
                LocalDate date = history.dateOf(t);
                found.add(new Anomaly(history.sku(), AnomalySubject.DEMAND, date, y[t], s.expected, s.sd, s.z,
                        severity, demandReason(date, y[t], s, t - lo, p)));
            }
        }
        return found;
    }

    /** The first day of the movements {@link #detectMovements} looks at for {@code asOf} (its baseline's start). */
    public LocalDate movementsFrom(LocalDate asOf) {
        return asOf.minusDays(settings.baselineDays() - 1L);
    }

    /**
     * Anomalies among the movements of the {@code recentDays} up to and including {@code asOf}, in the order
     * given.
     */
    public List<Anomaly> detectMovements(String sku, List<StockMovement> movements, LocalDate asOf) {
        LocalDate baselineFrom = asOf.minusDays(settings.baselineDays() - 1L);
        LocalDate recentFrom = asOf.minusDays(settings.recentDays() - 1L);
        double[] in = new double[movements.size()];
        double[] out = new double[movements.size()];
        int nIn = 0;
        int nOut = 0;
        for (StockMovement m : movements) {
            if (!m.date().isBefore(baselineFrom) && !m.date().isAfter(asOf)) {
                if (m.quantity() > 0) {
                    in[nIn++] = m.quantity();
                } else if (m.quantity() < 0) {
                    out[nOut++] = -m.quantity();
                }
            }
        }
        Score inbound = nIn >= settings.minMovements() ? sizeScore(in, nIn) : null;
        Score outbound = nOut >= settings.minMovements() ? sizeScore(out, nOut) : null;
        List<Anomaly> found = new ArrayList<>();
        Map<LocalDate, Integer> ofTheDay = new HashMap<>();
        for (StockMovement m : movements) {
            // the movement's place among its day's (1, 2, ...): its ref when it has no id of its own
            int place = ofTheDay.merge(m.date(), 1, Integer::sum);
            if (m.date().isBefore(recentFrom) || m.date().isAfter(asOf) || m.quantity() == 0
                    || m.kind() == MovementKind.SALE) {
                continue;
            }
            boolean isIn = m.quantity() > 0;
            Score base = isIn ? inbound : outbound;
            if (base == null) {
                continue;
            }
            double z = (Math.abs(m.quantity()) - base.expected) / base.sd;
            AnomalySeverity severity = z > 0 ? settings.severityOf(z) : null;
            if (severity != null) {
                double expected = isIn ? base.expected : -base.expected;
                String direction = isIn ? "inbound" : "outbound";
                String reason = String.format(Locale.ROOT, "%s %s of %s on %s%s is %.1f robust standard deviations"
                        + " larger than the median %s movement of %s over the last %d days (robust sd %s)",
                        direction, kindName(m.kind()), number(m.quantity()), m.date(),
                        m.reference() == null ? "" : " (" + m.reference() + ")", z, direction, number(expected),
                        settings.baselineDays(), number(base.sd));
                found.add(new Anomaly(sku, AnomalySubject.STOCK_MOVEMENT, m.date(), m.quantity(), expected, base.sd,
                        z, severity, reason, m.id() != null ? m.id() : Integer.toString(place)));
            }
        }
        return found;
    }

    /**
     * The expected value, the robust sd the score is measured in, the score, and how many values the expected
     * value is the median of (same-weekday values when {@code seasonal}, else the whole window).
     */
    private record Score(double expected, double sd, double z, int k, boolean seasonal) {
    }

    private Score plainScore(double[] y, int lo, int t, double[] scratch) {
        int n = t - lo;
        System.arraycopy(y, lo, scratch, 0, n);
        double median = RobustStats.median(scratch, n);
        double sd = RobustStats.robustSd(scratch, n, median);
        sd = Math.max(sd, settings.minRobustSd()) * Math.sqrt(1 + Math.PI / (2 * n));
        return new Score(median, sd, (y[t] - median) / sd, n, false);
    }

    /**
     * What changes slowly in a seasonal baseline, estimated once a season for the days that follow: the pooled
     * trend and the average weekday's level over y[lo..t), and one day's noise over the longer spread window.
     */
    private record Baseline(double trend, double level, double noise) {
    }

    private Baseline seasonalBaseline(double[] y, int lo, int t, int p, double[] scratch, double[] spreadScratch) {
        int slopes = 0;
        for (int i = lo; i < t; i++) {
            for (int j = i + p; j < t; j += p) {
                scratch[slopes++] = (y[j] - y[i]) / (j - i);
            }
        }
        double trend = RobustStats.median(scratch, slopes);
        // the pooled slope is the average weekday's: its level is the mean of the weekdays' medians
        double level = 0;
        for (int phase = 0; phase < p; phase++) {
            int k = 0;
            for (int i = t - 1 - phase; i >= lo; i -= p) {
                scratch[k++] = y[i];
            }
            level += RobustStats.median(scratch, k) / p;
        }
        return new Baseline(trend, level, seasonalNoise(y, Math.max(0, t - settings.spreadDays()), t, p,
                spreadScratch));
    }

    /**
     * Robust standard deviation of one day's noise from the week-on-week differences in y[lo..t): each holds two
     * days' noise (hence √2), and neither the weekly pattern nor (after centring on their median) the trend.
     */
    private static double seasonalNoise(double[] y, int lo, int t, int p, double[] scratch) {
        int diffs = 0;
        for (int i = lo + p; i < t; i++) {
            scratch[diffs++] = y[i] - y[i - p];
        }
        double centre = RobustStats.median(scratch, diffs);
        return RobustStats.robustSd(scratch, diffs, centre) / Math.sqrt(2);
    }

    private Score seasonalScore(double[] y, int lo, int t, int p, Baseline b, double[] scratch) {
        int k = 0;
        for (int i = t - p; i >= lo; i -= p) {
            scratch[k++] = y[i];
        }
        double phaseLevel = RobustStats.median(scratch, k);
        double trend = phaseLevel > 0 && b.level() > 0 ? b.trend() * phaseLevel / b.level() : b.trend();
        k = 0;
        for (int i = t - p; i >= lo; i -= p) {
            scratch[k++] = y[i] + trend * (t - i);
        }
        double expected = RobustStats.median(scratch, k);
        double sd = Math.max(b.noise(), settings.minRobustSd()) * Math.sqrt(1 + Math.PI / (2 * k));
        return new Score(expected, sd, (y[t] - expected) / sd, k, true);
    }

    private Score sizeScore(double[] sizes, int n) {
        double[] copy = Arrays.copyOf(sizes, n);
        double median = RobustStats.median(copy, n);
        double sd = RobustStats.robustSd(copy, n, median);
        sd = Math.max(sd, Math.max(settings.minRobustSd(), MIN_RELATIVE_MOVEMENT_SD * median))
                * Math.sqrt(1 + Math.PI / (2 * n));
        return new Score(median, sd, 0, n, false);
    }

    private static String demandReason(LocalDate date, double value, Score s, int window, int p) {
        String direction = s.z > 0 ? "above" : "below";
        if (!s.seasonal) {
            return String.format(Locale.ROOT, "demand of %s on %s %s is %.1f robust standard deviations %s the median"
                    + " %s of the last %d days (robust sd %s)", number(value), weekday(date), date, Math.abs(s.z),
                    direction, number(s.expected), window, number(s.sd));
        }
        String same = p == 7 ? weekday(date) + "s" : "days at the same point of the " + p + "-day season";
        return String.format(Locale.ROOT, "demand of %s on %s %s is %.1f robust standard deviations %s the expected %s"
                + " (the median of the last %d %s, adjusted for trend; robust sd %s)", number(value), weekday(date),
                date, Math.abs(s.z), direction, number(s.expected), s.k, same, number(s.sd));
    }

    private static String kindName(MovementKind kind) {
        return kind == MovementKind.OTHER ? "movement" : kind.name().toLowerCase(Locale.ROOT);
    }

    private static String weekday(LocalDate date) {
        return date.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }

    /** Whole numbers without decimals, others with one. */
    static String number(double v) {
        double r = Math.rint(v);
        if (Math.abs(v - r) < 1e-9 && Math.abs(r) < 1e15) {
            return Long.toString((long) r);
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
