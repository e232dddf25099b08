package dev.engram.bench;

import java.util.Arrays;

/**
 * L2-regularised logistic regression fitted by Newton's method, on standardised features, for the
 * extraction gate's trainer. The penalty is {@code lambda/2 * |w|^2} on the standardised weights
 * (not the bias); the returned model is mapped back to raw features. Deterministic; stateless.
 */
final class LogisticFit {
    private static final int MAX_ITERATIONS = 25;
    private static final double TOLERANCE = 1e-7;

    /** A fitted model on raw features: {@code score = bias + weights . x}. */
    record Model(double[] weights, double bias) {
        double score(double[] x) {
            double s = bias;
            for (int i = 0; i < x.length; i++) {
                s += weights[i] * x[i];
            }
            return s;
        }
    }

    private LogisticFit() {}

    /** Fits rows {@code x} (all of one length) to labels {@code y}. */
    static Model fit(double[][] x, boolean[] y, double lambda) {
        int n = x.length;
        int d = x[0].length;
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / n;
            }
        }
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
            }
        }
        for (int j = 0; j < d; j++) {
            scale[j] = scale[j] < 1e-12 ? 1 : Math.sqrt(scale[j]);
        }
        // Standardised rows with a trailing 1 for the bias.
        double[][] z = new double[n][d + 1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                z[i][j] = (x[i][j] - mean[j]) / scale[j];
            }
            z[i][d] = 1;
        }
        double[] w = newton(z, y, lambda);
        double[] raw = new double[d];
        double bias = w[d];
        for (int j = 0; j < d; j++) {
            raw[j] = w[j] / scale[j];
            bias -= w[j] * mean[j] / scale[j];
        }
        return new Model(raw, bias);
    }

    private static double[] newton(double[][] z, boolean[] y, double lambda) {
        int m = z[0].length;
        double[] w = new double[m];
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double[] grad = new double[m];
            double[][] hess = new double[m][m];
            for (int i = 0; i < z.length; i++) {
                double[] row = z[i];
                double p = sigmoid(dot(w, row));
                double r = p - (y[i] ? 1 : 0);
                double h = Math.max(p * (1 - p), 1e-10);
                for (int a = 0; a < m; a++) {
                    grad[a] += r * row[a];
                    double ha = h * row[a];
                    double[] hessRow = hess[a];
                    for (int b = 0; b <= a; b++) {
                        hessRow[b] += ha * row[b];
                    }
                }
            }
            for (int a = 0; a < m - 1; a++) {
                grad[a] += lambda * w[a];
                hess[a][a] += lambda;
            }
            hess[m - 1][m - 1] += 1e-9;
            double[] step = choleskySolve(hess, grad);
            double change = 0;
            for (int a = 0; a < m; a++) {
                w[a] -= step[a];
                change = Math.max(change, Math.abs(step[a]));
            }
            if (change < TOLERANCE) {
                break;
            }
        }
        return w;
    }

    /** Solves {@code A s = b} for a symmetric positive definite A given by its lower triangle. */
    private static double[] choleskySolve(double[][] a, double[] b) {
        int m = b.length;
        double[][] l = new double[m][];
        for (int i = 0; i < m; i++) {
            l[i] = new double[i + 1];
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                l[i][j] = i == j ? Math.sqrt(Math.max(s, 1e-12)) : s / l[j][j];
            }
        }
        double[] v = Arrays.copyOf(b, m);
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < i; k++) {
                v[i] -= l[i][k] * v[k];
            }
            v[i] /= l[i][i];
        }
        for (int i = m - 1; i >= 0; i--) {
            for (int k = i + 1; k < m; k++) {
                v[i] -= l[k][i] * v[k];
            }
            v[i] /= l[i][i];
        }
        return v;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double sigmoid(double t) {
        return t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
    }
}
