package io.encodingfarm.science;

import java.util.Random;

/** Which linear-algebra backend the ridge solvers use here, and what its GEMM can do (for benchmarks). */
public final class Backend {
    private Backend() {
    }

    /**
     * e.g. "OpenBLAS 0.3.19 (bytedeco 1.5.7)", or "plain Java" with the reason when the native library did
     * not load (workers should log this: the plain-Java path is orders of magnitude slower at full size).
     */
    public static String name() {
        LinearAlgebra la = LinearAlgebra.preferred();
        return la.name() + OpenBlasLinearAlgebra.loadFailure().map(why -> " (OpenBLAS unavailable: " + why + ")")
                .orElse("");
    }

    /**
     * Best-of-three float32 GEMM rate, m x k times k x n into a preallocated output, in GFLOP/s (2mnk / s).
     * Operands are random; one warm-up call is not counted.
     */
    public static double gemmGflops(int m, int k, int n) {
        LinearAlgebra la = LinearAlgebra.preferred();
        Random rng = new Random(1);
        try (LinearAlgebra.Panel a = random(la, m, k, rng);
             LinearAlgebra.Panel b = random(la, k, n, rng);
             LinearAlgebra.Panel c = la.panel(m, n)) {
            la.multiply(a, b, c);
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                la.multiply(a, b, c);
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            }
            return 2.0 * m * n * k / best / 1e9;
        }
    }

    /**
     * Seconds spent per ridge phase (cross products, eigen, projections, predictions, scoring) since the
     * last call, summed over all threads of this process.
     */
    public static java.util.Map<String, Double> phaseSecondsAndReset() {
        java.util.Map<String, Double> out = new java.util.LinkedHashMap<>();
        Profile.secondsAndReset().forEach((phase, s) -> out.put(phase.name().toLowerCase(java.util.Locale.ROOT)
                .replace('_', ' '), s));
        return out;
    }

    private static LinearAlgebra.Panel random(LinearAlgebra la, int rows, int cols, Random rng) {
        float[] values = new float[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) rng.nextGaussian();
        }
        LinearAlgebra.Panel p = la.panel(rows, cols);
        p.copyFrom(values);
        return p;
    }
}
