package io.encodingfarm.science;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.LAPACK_ROW_MAJOR;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Optional;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;

/**
 * Native backend on the OpenBLAS that bytedeco ships (GEMM, and LAPACK's divide-and-conquer {@code dsyevd},
 * not the 20x slower {@code gesvd}). Panels are off-heap; heap operands are copied in per call, which is
 * O(n²) beside the O(n³) products.
 */
final class OpenBlasLinearAlgebra implements LinearAlgebra {
    private static volatile Optional<OpenBlasLinearAlgebra> loaded;
    /** Why the native library did not load, when it did not. */
    private static volatile String loadFailure;

    /** Reused off-heap staging for heap operands, grown on demand. One per thread using the backend. */
    private final ThreadLocal<Staging> staging = ThreadLocal.withInitial(Staging::new);

    private OpenBlasLinearAlgebra() {
    }

    /** The backend, or empty when the native library cannot be loaded on this platform. */
    static Optional<OpenBlasLinearAlgebra> load() {
        if (loaded == null) {
            synchronized (OpenBlasLinearAlgebra.class) {
                if (loaded == null) {
                    Optional<OpenBlasLinearAlgebra> result;
                    try {
                        Loader.load(openblas.class);
                        result = Optional.of(new OpenBlasLinearAlgebra());
                    } catch (Throwable notAvailable) { // UnsatisfiedLinkError, NoClassDefFoundError: use plain Java
                        loadFailure = notAvailable.toString();
                        result = Optional.empty();
                    }
                    loaded = result;
                }
            }
        }
        return loaded;
    }

    /** The load error, when {@link #load} came back empty. */
    static Optional<String> loadFailure() {
        return Optional.ofNullable(loadFailure);
    }

    @Override
    public String name() {
        return "OpenBLAS 0.3.19 (bytedeco 1.5.7)";
    }

    @Override
    public Eigen eigh(double[] a, int n) {
        double[] vectors = a.clone();
        double[] values = new double[n];
        int info = openblas.LAPACKE_dsyevd(LAPACK_ROW_MAJOR, (byte) 'V', (byte) 'U', n, vectors, n, values);
        if (info != 0) {
            throw new ArithmeticException("LAPACK dsyevd failed with info " + info + " on a " + n + "x" + n
                    + " matrix (info > 0: no convergence; check the features for NaN or huge values)");
        }
        return new Eigen(values, vectors);
    }

    @Override
    public double[] solveSpd(double[] a, int n, double[] b, int nrhs) {
        double[] factor = a.clone();
        double[] x = b.clone();
        int info = openblas.LAPACKE_dposv(LAPACK_ROW_MAJOR, (byte) 'U', n, nrhs, factor, n, x, nrhs);
        if (info != 0) {
            throw new ArithmeticException("LAPACK dposv failed with info " + info + ": the " + n + "x" + n
                    + " matrix is not positive definite (is α > 0 and are the features finite?)");
        }
        return x;
    }

    @Override
    public double[] multiply(double[] a, int m, int k, double[] b, int n) {
        double[] c = new double[m * n];
        openblas.cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1, a, k, b, n, 0, c, n);
        return c;
    }

    @Override
    public Panel panel(int rows, int cols) {
        return new NativePanel(rows, cols);
    }

    @Override
    public void addCrossProduct(Panel c, float sign, float[] x, int k, List<float[]> y) {
        NativePanel out = (NativePanel) c;
        Staging s = staging.get();
        FloatPointer xs = s.left(x, k * out.rows);
        FloatPointer ys = s.right((long) k * out.cols);
        FloatBuffer yb = ys.asBuffer();
        for (int r = 0; r < k; r++) {
            yb.put(r * out.cols, y.get(r), 0, out.cols);
        }
        openblas.cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, out.rows, out.cols, k, sign, xs, out.rows,
                ys, out.cols, 1, out.data, out.cols);
    }

    @Override
    public void addScaled(Panel target, float s, Panel source) {
        NativePanel t = (NativePanel) target;
        NativePanel src = (NativePanel) source;
        long n = (long) t.rows * t.cols;
        // cblas_saxpy takes an int length: step through huge panels in chunks
        for (long from = 0; from < n; from += Integer.MAX_VALUE / 2) {
            int len = (int) Math.min(n - from, Integer.MAX_VALUE / 2);
            openblas.cblas_saxpy(len, s, src.data.getPointer(from), 1, t.data.getPointer(from), 1);
        }
    }

    @Override
    public void multiply(float[] a, int m, Panel c, float[] out) {
        NativePanel panel = (NativePanel) c;
        Staging s = staging.get();
        FloatPointer as = s.left(a, m * panel.rows);
        FloatPointer result = s.right((long) m * panel.cols);
        openblas.cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, panel.cols, panel.rows, 1, as,
                panel.rows, panel.data, panel.cols, 0, result, panel.cols);
        result.asBuffer().get(0, out, 0, m * panel.cols);
    }

    @Override
    public void multiply(Panel a, Panel b, Panel c) {
        NativePanel l = (NativePanel) a;
        NativePanel r = (NativePanel) b;
        NativePanel out = (NativePanel) c;
        openblas.cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, l.rows, r.cols, l.cols, 1, l.data, l.cols,
                r.data, r.cols, 0, out.data, out.cols);
    }

    private static final class NativePanel implements Panel {
        final int rows;
        final int cols;
        final FloatPointer data;

        NativePanel(int rows, int cols) {
            this.rows = rows;
            this.cols = cols;
            data = new FloatPointer((long) rows * cols);
            data.zero();
        }

        @Override
        public int rows() {
            return rows;
        }

        @Override
        public int cols() {
            return cols;
        }

        @Override
        public void copyFrom(Panel other) {
            NativePanel src = (NativePanel) other;
            org.bytedeco.javacpp.Pointer.memcpy(data, src.data, (long) rows * cols * Float.BYTES);
        }

        @Override
        public void copyFrom(float[] rowMajor) {
            data.asBuffer().put(0, rowMajor, 0, rows * cols);
        }

        @Override
        public void copyTo(float[] rowMajor) {
            data.asBuffer().get(0, rowMajor, 0, rows * cols);
        }

        @Override
        public void close() {
            data.deallocate();
        }
    }

    /** Two growable off-heap buffers: the left operand and the right operand or result of one call. */
    private static final class Staging {
        private FloatPointer left = new FloatPointer(0L);
        private FloatPointer right = new FloatPointer(0L);

        FloatPointer left(float[] values, int n) {
            left = ensure(left, n);
            left.asBuffer().put(0, values, 0, n);
            return left;
        }

        FloatPointer right(long n) {
            right = ensure(right, n);
            return right;
        }

        private static FloatPointer ensure(FloatPointer p, long n) {
            if (p.capacity() >= n) {
                return p;
            }
            p.deallocate();
            return new FloatPointer(Math.max(n, p.capacity() * 3 / 2));
        }
    }
}
