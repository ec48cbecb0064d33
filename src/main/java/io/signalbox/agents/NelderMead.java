package io.signalbox.agents;

/**
 * A small Nelder–Mead simplex minimiser over a box (every trial point is clamped into it), for the two or three
 * smoothing parameters of a forecast. Deliberately plain: few dimensions, a smooth objective, a good start from a
 * coarse grid.
 */
final class NelderMead {

    /** A function of a point; must not keep the array. */
    interface Objective {
        double value(double[] x);
    }

    private NelderMead() {
    }

    /**
     * Minimises {@code f} from {@code start}, with initial steps of {@code step} along each axis (turned inward at
     * the box's edge). Stops when the simplex's values agree within {@code tolerance} (relative) or after
     * {@code maxEvaluations}. Leaves the best point in {@code start} and returns its value.
     */
    static double minimise(Objective f, double[] start, double step, double lo, double hi, int maxEvaluations,
            double tolerance) {
        int d = start.length;
        double[][] simplex = new double[d + 1][d];
        double[] values = new double[d + 1];
        clamp(start, lo, hi);
        simplex[0] = start.clone();
        values[0] = f.value(simplex[0]);
        for (int i = 0; i < d; i++) {
            double[] p = start.clone();
            p[i] = p[i] + step <= hi ? p[i] + step : p[i] - step;
            clamp(p, lo, hi);
            simplex[i + 1] = p;
            values[i + 1] = f.value(p);
        }
        int evaluations = d + 1;
        double[] centroid = new double[d];
        double[] reflected = new double[d];
        double[] trial = new double[d];
        while (evaluations < maxEvaluations) {
            sort(simplex, values);
            double best = values[0];
            double worst = values[d];
            if (worst - best <= tolerance * (Math.abs(best) + 1e-12)) {
                break;
            }
            for (int j = 0; j < d; j++) {
                double sum = 0;
                for (int i = 0; i < d; i++) {
                    sum += simplex[i][j];
                }
                centroid[j] = sum / d;
            }
            move(centroid, simplex[d], -1, reflected, lo, hi);
            double fr = f.value(reflected);
            evaluations++;
            if (fr < best) {
                move(centroid, simplex[d], -2, trial, lo, hi);
                double fe = f.value(trial);
                evaluations++;
                if (fe < fr) {
                    accept(simplex, values, d, trial, fe);
                } else {
                    accept(simplex, values, d, reflected, fr);
                }
            } else if (fr < values[d - 1]) {
                accept(simplex, values, d, reflected, fr);
            } else {
                boolean outside = fr < worst;
                move(centroid, outside ? reflected : simplex[d], 0.5, trial, lo, hi);
                double fc = f.value(trial);
                evaluations++;
                if (fc < (outside ? fr : worst)) {
                    accept(simplex, values, d, trial, fc);
                } else {
                    for (int i = 1; i <= d; i++) {
                        for (int j = 0; j < d; j++) {
                            simplex[i][j] = simplex[0][j] + 0.5 * (simplex[i][j] - simplex[0][j]);
                        }
                        values[i] = f.value(simplex[i]);
                    }
                    evaluations += d;
                }
            }
        }
        sort(simplex, values);
        System.arraycopy(simplex[0], 0, start, 0, d);
        return values[0];
    }

    /** out = centroid + t·(point − centroid), clamped: t = −1 reflects, −2 expands, 0.5 contracts. */
    private static void move(double[] centroid, double[] point, double t, double[] out, double lo, double hi) {
        for (int j = 0; j < out.length; j++) {
            out[j] = centroid[j] + t * (point[j] - centroid[j]);
        }
        clamp(out, lo, hi);
    }

    private static void accept(double[][] simplex, double[] values, int index, double[] point, double value) {
        System.arraycopy(point, 0, simplex[index], 0, point.length);
        values[index] = value;
    }

    private static void clamp(double[] p, double lo, double hi) {
        for (int j = 0; j < p.length; j++) {
            p[j] = Math.max(lo, Math.min(hi, p[j]));
        }
    }

    /** Insertion sort by value (d + 1 ≤ 4 points). */
    private static void sort(double[][] simplex, double[] values) {
        for (int i = 1; i < values.length; i++) {
            double v = values[i];
            double[] p = simplex[i];
            int j = i - 1;
            while (j >= 0 && values[j] > v) {
                values[j + 1] = values[j];
                simplex[j + 1] = simplex[j];
                j--;
            }
            values[j + 1] = v;
            simplex[j + 1] = p;
        }
    }
}
