package io.encodingfarm.science;

import java.util.Arrays;
import java.util.List;

/** Plain-Java backend: Householder + QL eigen solver and cache-blocked float kernels on heap arrays. */
final class JavaLinearAlgebra implements LinearAlgebra {
    static final JavaLinearAlgebra INSTANCE = new JavaLinearAlgebra();

    private JavaLinearAlgebra() {
    }

    @Override
    public String name() {
        return "plain Java";
    }

    @Override
    public Eigen eigh(double[] a, int n) {
        SymmetricEigen eig = SymmetricEigen.of(a, n);
        double[] vectors = new double[n * n];
        for (int k = 0; k < n; k++) {
            double[] vec = eig.vectors[k];
            for (int i = 0; i < n; i++) {
                vectors[i * n + k] = vec[i];
            }
        }
        return new Eigen(eig.values, vectors);
    }

    @Override
    public double[] solveSpd(double[] a, int n, double[] b, int nrhs) {
        double[] l = cholesky(a, n);
        double[] x = b.clone();
        for (int c = 0; c < nrhs; c++) {
            for (int i = 0; i < n; i++) { // L y = b
                double s = x[i * nrhs + c];
                for (int k = 0; k < i; k++) {
                    s -= l[i * n + k] * x[k * nrhs + c];
                }
                x[i * nrhs + c] = s / l[i * n + i];
            }
            for (int i = n - 1; i >= 0; i--) { // Lᵀ x = y
                double s = x[i * nrhs + c];
                for (int k = i + 1; k < n; k++) {
                    s -= l[k * n + i] * x[k * nrhs + c];
                }
                x[i * nrhs + c] = s / l[i * n + i];
            }
        }
        return x;
    }

    /** Lower-triangular L with A = L Lᵀ, row-major. */
    private static double[] cholesky(double[] a, int n) {
        double[] l = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) {
                    s -= l[i * n + k] * l[j * n + k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new ArithmeticException("Cholesky failed at pivot " + i + ": the " + n + "x" + n
                                + " matrix is not positive definite (is α > 0 and are the features finite?)");
                    }
                    l[i * n + i] = Math.sqrt(s);
                } else {
                    l[i * n + j] = s / l[j * n + j];
                }
            }
        }
        return l;
    }

    @Override
    public double[] multiply(double[] a, int m, int k, double[] b, int n) {
        return Dense.multiply(a, m, k, b, n);
    }

    @Override
    public Panel panel(int rows, int cols) {
        return new HeapPanel(new float[rows][cols]);
    }

    @Override
    public void addCrossProduct(Panel c, float sign, float[] x, int k, List<float[]> y) {
        int p = c.rows();
        float[] xt = new float[p * k];
        for (int r = 0; r < k; r++) {
            for (int i = 0; i < p; i++) {
                xt[i * k + r] = sign * x[r * p + i];
            }
        }
        Dense.multiplyAdd(xt, p, k, y, ((HeapPanel) c).rows);
    }

    @Override
    public void addScaled(Panel target, float s, Panel source) {
        float[][] t = ((HeapPanel) target).rows;
        float[][] src = ((HeapPanel) source).rows;
        for (int i = 0; i < t.length; i++) {
            float[] ti = t[i];
            float[] si = src[i];
            for (int j = 0; j < ti.length; j++) {
                ti[j] += s * si[j];
            }
        }
    }

    @Override
    public void multiply(float[] a, int m, Panel c, float[] out) {
        HeapPanel panel = (HeapPanel) c;
        float[][] rows = new float[m][];
        for (int i = 0; i < m; i++) {
            rows[i] = new float[panel.cols()];
        }
        Dense.multiplyAdd(a, m, panel.rows(), Arrays.asList(panel.rows), rows);
        for (int i = 0; i < m; i++) {
            System.arraycopy(rows[i], 0, out, i * panel.cols(), panel.cols());
        }
    }

    @Override
    public void multiply(Panel a, Panel b, Panel c) {
        float[] left = new float[a.rows() * a.cols()];
        a.copyTo(left);
        float[][] out = ((HeapPanel) c).rows;
        for (float[] row : out) {
            Arrays.fill(row, 0);
        }
        Dense.multiplyAdd(left, a.rows(), a.cols(), Arrays.asList(((HeapPanel) b).rows), out);
    }

    /** Rows as separate arrays: no 2^31 element limit, and rows are what the kernels stream. */
    private static final class HeapPanel implements Panel {
        final float[][] rows;

        HeapPanel(float[][] rows) {
            this.rows = rows;
        }

        @Override
        public int rows() {
            return rows.length;
        }

        @Override
        public int cols() {
            return rows[0].length;
        }

        @Override
        public void copyFrom(Panel other) {
            float[][] src = ((HeapPanel) other).rows;
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(src[i], 0, rows[i], 0, cols());
            }
        }

        @Override
        public void copyFrom(float[] rowMajor) {
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(rowMajor, i * cols(), rows[i], 0, cols());
            }
        }

        @Override
        public void copyTo(float[] rowMajor) {
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(rows[i], 0, rowMajor, i * cols(), cols());
            }
        }

        @Override
        public void close() {
            // heap memory: nothing to release
        }
    }
}
