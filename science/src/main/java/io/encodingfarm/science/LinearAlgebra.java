package io.encodingfarm.science;

import java.util.List;

/**
 * The few dense operations the ridge solvers need, so that one algorithm runs on plain Java or on a
 * native BLAS/LAPACK. Small matrices (features², rows x features) are heap double arrays; the big
 * features x voxels blocks live in {@link Panel}s, which a native backend keeps off-heap.
 */
interface LinearAlgebra {
    /** Name shown in benchmarks and logs. */
    String name();

    /**
     * Eigendecomposition of a symmetric n x n row-major matrix (only read).
     *
     * @return eigenvalues ascending, and eigenvectors as the columns of a row-major n x n matrix
     */
    Eigen eigh(double[] a, int n);

    /**
     * Solves A X = B for symmetric positive definite A (n x n) and B (n x nrhs), row-major; A is only read.
     * Fails with an ArithmeticException naming the problem when A is not positive definite.
     */
    double[] solveSpd(double[] a, int n, double[] b, int nrhs);

    /** C = A·B with A m x k and B k x n, row-major doubles. */
    double[] multiply(double[] a, int m, int k, double[] b, int n);

    /** A zeroed rows x cols float matrix. */
    Panel panel(int rows, int cols);

    /** c += sign · Xᵀ·Y over k rows: x is k x c.rows (row-major), y gives k rows of length c.cols. */
    void addCrossProduct(Panel c, float sign, float[] x, int k, List<float[]> y);

    /** target += s · source, same shapes. */
    void addScaled(Panel target, float s, Panel source);

    /** out (m x c.cols, row-major) = a (m x c.rows, row-major) · c. */
    void multiply(float[] a, int m, Panel c, float[] out);

    /** c = a · b on panels, no staging: the library's GEMM at its best, for peak measurements. */
    void multiply(Panel a, Panel b, Panel c);

    /** Eigenvalues ascending, eigenvectors as columns (row-major n x n). */
    record Eigen(double[] values, double[] vectors) {
    }

    /** A float matrix owned by a backend. */
    interface Panel extends AutoCloseable {
        int rows();

        int cols();

        void copyFrom(Panel other);

        /** Overwrites the panel with a row-major rows x cols array. */
        void copyFrom(float[] rowMajor);

        /** Row-major copy into a heap array. */
        void copyTo(float[] rowMajor);

        @Override
        void close();
    }

    /** The native backend when its library loads (unless -Dencodingfarm.science.backend=java), else plain Java. */
    static LinearAlgebra preferred() {
        String wanted = System.getProperty("encodingfarm.science.backend", "auto");
        switch (wanted) {
            case "java":
                return JavaLinearAlgebra.INSTANCE;
            case "openblas":
                return OpenBlasLinearAlgebra.load().orElseThrow(() -> new IllegalStateException(
                        "encodingfarm.science.backend=openblas but the OpenBLAS native library did not load"));
            case "auto":
                return OpenBlasLinearAlgebra.load().map(b -> (LinearAlgebra) b).orElse(JavaLinearAlgebra.INSTANCE);
            default:
                throw new IllegalArgumentException("encodingfarm.science.backend must be auto, java or openblas, got '"
                        + wanted + "'");
        }
    }
}
