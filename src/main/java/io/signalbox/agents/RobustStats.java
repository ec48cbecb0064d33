package io.signalbox.agents;

import java.util.Arrays;

/** Median, MAD and the robust standard deviation built on them, over a prefix of a scratch array. */
final class RobustStats {

    /** 1/Φ⁻¹(0.75): MAD × this estimates σ for normal data (the 0.6745 of the robust z-score, inverted). */
    static final double MAD_TO_SD = 1 / 0.6744897501960817;
    /** √(π/2): mean absolute deviation × this estimates σ for normal data; the fallback when MAD is 0. */
    static final double MEAN_AD_TO_SD = Math.sqrt(Math.PI / 2);

    private RobustStats() {
    }

    /** Median of a[0..n); sorts that part of a. */
    static double median(double[] a, int n) {
        Arrays.sort(a, 0, n);
        return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
    }

    /**
     * A robust estimate of the standard deviation of a[0..n) around {@code centre}: 1.4826·MAD, or when more than
     * half the values sit exactly on the centre (MAD = 0), 1.2533·mean absolute deviation (0 only when every value
     * does). Overwrites a.
     *
     * <p>Whole-number data (demand in units, and differences of it) put every absolute deviation on a grid of
     * spacing 1, and the plain MAD jumps from grid point to grid point: at a noise of 2 to 3 units that misjudges
     * σ by up to a fifth. For such data the MAD is the interpolated median of grouped data (each value standing
     * for the unit-wide interval around it), which follows the underlying spread smoothly.
     */
    static double robustSd(double[] a, int n, double centre) {
        boolean whole = true;
        for (int i = 0; i < n && whole; i++) {
            whole = a[i] == Math.rint(a[i]);
        }
        double sumAbs = 0;
        for (int i = 0; i < n; i++) {
            a[i] = Math.abs(a[i] - centre);
            sumAbs += a[i];
        }
        double mad = whole ? groupedMedian(a, n) : median(a, n);
        return mad > 0 ? MAD_TO_SD * mad : MEAN_AD_TO_SD * sumAbs / n;
    }

    /**
     * The median of values on a grid of spacing 1, interpolated within the unit interval of the median value as if
     * the values of that interval were spread evenly over it (the grouped-data median). Non-negative values on
     * the grid's 0 point occupy only [0, 0.5]. Sorts a[0..n).
     */
    static double groupedMedian(double[] a, int n) {
        Arrays.sort(a, 0, n);
        double v = a[(n - 1) / 2];
        int below = 0;
        while (below < n && a[below] < v) {
            below++;
        }
        int at = below;
        while (at < n && a[at] == v) {
            at++;
        }
        int count = at - below;
        double lower = Math.max(0, v - 0.5);
        double width = v + 0.5 - lower;
        return lower + width * (n / 2.0 - below) / count;
    }
}
