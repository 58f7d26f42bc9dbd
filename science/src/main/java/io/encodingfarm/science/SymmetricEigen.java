package io.encodingfarm.science;

/**
 * Eigendecomposition of a real symmetric matrix: Householder reduction to tridiagonal form, then the
 * implicit-shift QL iteration (the classic EISPACK tred2/tql2 pair). Plain Java, O(n^3); the fast path
 * uses LAPACK instead.
 */
final class SymmetricEigen {
    /** Eigenvalues, ascending. */
    final double[] values;
    /** vectors[k] is the unit eigenvector of values[k]. */
    final double[][] vectors;

    private SymmetricEigen(double[] values, double[][] vectors) {
        this.values = values;
        this.vectors = vectors;
    }

    /** @param a row-major n x n symmetric matrix (only read) */
    static SymmetricEigen of(double[] a, int n) {
        double[][] z = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a, i * n, z[i], 0, n);
        }
        double[] d = new double[n];
        double[] e = new double[n];
        tridiagonalize(z, d, e);
        double[][] rows = transpose(z);
        diagonalize(d, e, rows);
        return sorted(d, rows);
    }

    /**
     * Householder reduction. On return d is the diagonal, e[1..n-1] the subdiagonal and z the
     * accumulated orthogonal transform (columns).
     */
    private static void tridiagonalize(double[][] z, double[] d, double[] e) {
        int n = d.length;
        for (int j = 0; j < n; j++) {
            d[j] = z[n - 1][j];
        }
        for (int i = n - 1; i > 0; i--) {
            double scale = 0;
            double h = 0;
            for (int k = 0; k < i; k++) {
                scale += Math.abs(d[k]);
            }
            if (scale == 0) {
                e[i] = d[i - 1];
                for (int j = 0; j < i; j++) {
                    d[j] = z[i - 1][j];
                    z[i][j] = 0;
                    z[j][i] = 0;
                }
            } else {
                for (int k = 0; k < i; k++) {
                    d[k] /= scale;
                    h += d[k] * d[k];
                }
                double f = d[i - 1];
                double g = f > 0 ? -Math.sqrt(h) : Math.sqrt(h);
                e[i] = scale * g;
                h -= f * g;
                d[i - 1] = f - g;
                for (int j = 0; j < i; j++) {
                    e[j] = 0;
                }
                for (int j = 0; j < i; j++) {
                    f = d[j];
                    z[j][i] = f;
                    g = e[j] + z[j][j] * f;
                    for (int k = j + 1; k < i; k++) {
                        g += z[k][j] * d[k];
                        e[k] += z[k][j] * f;
                    }
                    e[j] = g;
                }
                f = 0;
                for (int j = 0; j < i; j++) {
                    e[j] /= h;
                    f += e[j] * d[j];
                }
                double hh = f / (h + h);
                for (int j = 0; j < i; j++) {
                    e[j] -= hh * d[j];
                }
                for (int j = 0; j < i; j++) {
                    f = d[j];
                    g = e[j];
                    for (int k = j; k < i; k++) {
                        z[k][j] -= f * e[k] + g * d[k];
                    }
                    d[j] = z[i - 1][j];
                    z[i][j] = 0;
                }
            }
            d[i] = h;
        }
        // Accumulate the Householder reflections into z.
        for (int i = 0; i < n - 1; i++) {
            z[n - 1][i] = z[i][i];
            z[i][i] = 1;
            double h = d[i + 1];
            if (h != 0) {
                for (int k = 0; k <= i; k++) {
                    d[k] = z[k][i + 1] / h;
                }
                for (int j = 0; j <= i; j++) {
                    double g = 0;
                    for (int k = 0; k <= i; k++) {
                        g += z[k][i + 1] * z[k][j];
                    }
                    for (int k = 0; k <= i; k++) {
                        z[k][j] -= g * d[k];
                    }
                }
            }
            for (int k = 0; k <= i; k++) {
                z[k][i + 1] = 0;
            }
        }
        for (int j = 0; j < n; j++) {
            d[j] = z[n - 1][j];
            z[n - 1][j] = 0;
        }
        z[n - 1][n - 1] = 1;
        e[0] = 0;
    }

    /**
     * Implicit QL on the tridiagonal (d, e); applies the rotations to the rows of v, whose row k ends up
     * the eigenvector of d[k]. Rows rather than columns keep each rotation on contiguous memory.
     */
    private static void diagonalize(double[] d, double[] e, double[][] v) {
        int n = d.length;
        for (int i = 1; i < n; i++) {
            e[i - 1] = e[i];
        }
        e[n - 1] = 0;
        double shift = 0;
        double norm = 0;
        double eps = Math.ulp(1.0);
        for (int l = 0; l < n; l++) {
            norm = Math.max(norm, Math.abs(d[l]) + Math.abs(e[l]));
            int m = l; // e[n-1] == 0 stops the scan by n-1
            while (m < n && Math.abs(e[m]) > eps * norm) {
                m++;
            }
            if (m > l) {
                int iterations = 0;
                do {
                    if (++iterations > 60) {
                        throw new ArithmeticException("QL iteration did not converge for eigenvalue " + l);
                    }
                    double g = d[l];
                    double p = (d[l + 1] - g) / (2 * e[l]);
                    double r = Math.hypot(p, 1);
                    if (p < 0) {
                        r = -r;
                    }
                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    double dl1 = d[l + 1];
                    double h = g - d[l];
                    for (int i = l + 2; i < n; i++) {
                        d[i] -= h;
                    }
                    shift += h;
                    p = d[m];
                    double c = 1;
                    double c2 = c;
                    double c3 = c;
                    double el1 = e[l + 1];
                    double s = 0;
                    double s2 = 0;
                    for (int i = m - 1; i >= l; i--) {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = Math.hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        rotate(v[i], v[i + 1], c, s);
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                } while (Math.abs(e[l]) > eps * norm);
            }
            d[l] += shift;
            e[l] = 0;
        }
    }

    private static void rotate(double[] vi, double[] vi1, double c, double s) {
        for (int k = 0; k < vi.length; k++) {
            double h = vi1[k];
            vi1[k] = s * vi[k] + c * h;
            vi[k] = c * vi[k] - s * h;
        }
    }

    private static double[][] transpose(double[][] z) {
        int n = z.length;
        double[][] t = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                t[j][i] = z[i][j];
            }
        }
        return t;
    }

    private static SymmetricEigen sorted(double[] d, double[][] rows) {
        int n = d.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(d[x], d[y]));
        double[] values = new double[n];
        double[][] vectors = new double[n][];
        for (int i = 0; i < n; i++) {
            values[i] = d[order[i]];
            vectors[i] = rows[order[i]];
        }
        return new SymmetricEigen(values, vectors);
    }
}
