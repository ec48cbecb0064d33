package io.signalbox.agents;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The smoothing recursions step by step against values worked by hand, and the forecast variance formulas. */
class SmoothingTest {

    private static final double EPS = 1e-9;

    /**
     * Holt, α = 0.5, β = 0.3, on 10 12 13 15 18 with the textbook start ℓ₀ = y₀ = 10, b₀ = y₁ − y₀ = 2:
     * <pre>
     * t  y   forecast ℓ+b  error    ℓ = f + α·e   b = b + β(ℓ − ℓprev − b)
     * 1  12  12            0        12            2 + 0.3(12 − 10 − 2)          = 2
     * 2  13  14           −1        13.5          2 + 0.3(13.5 − 12 − 2)        = 1.85
     * 3  15  15.35        −0.35     15.175        1.85 + 0.3(15.175 − 13.5 − 1.85) = 1.7975
     * 4  18  16.9725       1.0275   17.48625      1.7975 + 0.3(17.48625 − 15.175 − 1.7975) = 1.951625
     * SSE = 0 + 1 + 0.1225 + 1.05575625 = 2.17825625; next forecasts 19.437875, 21.3895
     * </pre>
     */
    @Test
    void holtRecursionMatchesTheHandWorkedTable() {
        double[] y = {10, 12, 13, 15, 18};
        double[] state = new double[2];
        double[] errors = new double[5];
        double sse = Smoothing.holt(y, 1, 0.5, 0.3, 10, 2, state, errors);
        assertArrayEquals(new double[] {0, 0, -1, -0.35, 1.0275}, errors, EPS);
        assertEquals(2.17825625, sse, EPS);
        assertEquals(17.48625, state[0], EPS);
        assertEquals(1.951625, state[1], EPS);
        assertEquals(19.437875, state[0] + state[1], EPS);
        assertEquals(21.3895, state[0] + 2 * state[1], EPS);
    }

    /**
     * Additive Holt-Winters, season 2, α = 0.4, β = 0.2, γ = 0.3, on 12 8 14 10, starting ℓ = 9, b = 0.5,
     * s = (2, −2):
     * <pre>
     * t  y   f = ℓ+b+s     e         ℓ = α(y−s)+(1−α)(ℓ+b)   b               s = γ(y−ℓ−b)+(1−γ)s
     * 0  12  11.5          0.5       4 + 5.7 = 9.7           0.14+0.4 = 0.54  0.75+1.4 = 2.15
     * 1  8   8.24         −0.24      4 + 6.144 = 10.144      0.0888+0.432 = 0.5208   −0.672−1.4 = −2.072
     * 2  14  12.8148       1.1852    11.13888                0.615616        2.50556
     * 3  10  9.682496      0.317504  11.881498               0.641016        −1.976749 (rounded)
     * </pre>
     */
    @Test
    void holtWintersRecursionMatchesTheHandWorkedTable() {
        double[] y = {12, 8, 14, 10};
        double[] state = new double[2];
        double[] season = new double[2];
        double[] errors = new double[4];
        double sse = Smoothing.holtWinters(y, 2, 0.4, 0.2, 0.3, 9, 0.5, new double[] {2, -2}, season, state, errors);
        assertArrayEquals(new double[] {0.5, -0.24, 1.1852, 0.317504}, errors, 1e-6);
        assertEquals(0.25 + 0.0576 + 1.1852 * 1.1852 + 0.317504 * 0.317504, sse, 1e-9);
        assertEquals(11.881498, state[0], 1e-6);
        assertEquals(0.641016, state[1], 1e-6);
        assertArrayEquals(new double[] {2.50556, -1.976749}, season, 1e-6);
    }

    /** Least squares through 10 12 13 15 18 at t = 0..4: slope Sxy/Sxx = 19/10, intercept 13.6 − 2·1.9. */
    @Test
    void holtStartsFromTheLeastSquaresLineOneDayBeforeTheFirst() {
        double[] state = new double[2];
        Smoothing.holtInit(new double[] {10, 12, 13, 15, 18}, state);
        assertEquals(9.8 - 1.9, state[0], EPS);
        assertEquals(1.9, state[1], EPS);
    }

    /**
     * Two seasons of 3 days, the line 10 + t plus the pattern (+3, −1, −2): 13 10 10 16 13 13. Per phase the
     * second season is 3 higher (= m·b, so b = 1); the overall mean 12.5 at t̄ = 2.5 gives a = 10; phase means
     * 14.5, 11.5, 11.5 minus the line at t̄ᵢ = 1.5, 2.5, 3.5 give the pattern back. A plain least-squares line
     * would have slope 3/7, leaning with the pattern.
     */
    @Test
    void holtWintersStartsFromTheLineAndPatternFittedTogether() {
        double[] y = {13, 10, 10, 16, 13, 13};
        double[] state = new double[2];
        double[] season = new double[3];
        Smoothing.holtWintersInit(y, 3, state, season);
        assertEquals(10 - 1, state[0], EPS);
        assertEquals(1, state[1], EPS);
        assertArrayEquals(new double[] {3, -1, -2}, season, EPS);
    }

    @Test
    void varianceFactorIsFppsClosedFormForHolt() {
        double alpha = 0.3;
        double betaStar = 0.2;
        double beta = alpha * betaStar;
        for (int h = 1; h <= 20; h++) {
            double closed = 1 + (h - 1) * (alpha * alpha + alpha * beta * h + beta * beta * h * (2 * h - 1) / 6.0);
            assertEquals(closed, Smoothing.varianceFactor(h, alpha, betaStar, 0, 0), 1e-12, "h = " + h);
        }
    }

    @Test
    void varianceFactorIsFppsClosedFormForHoltWinters() {
        double alpha = 0.3;
        double betaStar = 0.2;
        double gamma = 0.25;
        int m = 7;
        double beta = alpha * betaStar;
        for (int h = 1; h <= 30; h++) {
            int k = (h - 1) / m;
            double closed = 1 + (h - 1) * (alpha * alpha + alpha * beta * h + beta * beta * h * (2 * h - 1) / 6.0)
                    + gamma * k * (2 * alpha + gamma + beta * m * (k + 1));
            assertEquals(closed, Smoothing.varianceFactor(h, alpha, betaStar, gamma, m), 1e-12, "h = " + h);
        }
    }
}
