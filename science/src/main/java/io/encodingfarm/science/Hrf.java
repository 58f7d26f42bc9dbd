package io.encodingfarm.science;

/** nilearn-compatible HRF kernels ({@code glover_hrf}, {@code spm_hrf}). */
public final class Hrf {
    public static final int DEFAULT_OVERSAMPLING = 50;
    public static final double DEFAULT_TIME_LENGTH = 32;

    private Hrf() {
    }

    /**
     * The kernel sampled every {@code tr / oversampling} seconds over {@code timeLength} seconds,
     * normalized to sum 1. As in nilearn, the time axis is {@code linspace(0, timeLength, N)} (so its step is
     * slightly larger than dt) and both gamma densities are shifted by one dt.
     */
    public static double[] kernel(HrfModel model, double tr, int oversampling, double timeLength, double onset) {
        requirePositive(tr, "tr");
        requirePositive(timeLength, "timeLength");
        if (oversampling < 1) {
            throw new IllegalArgumentException("oversampling must be >= 1, got " + oversampling);
        }
        if (!Double.isFinite(onset)) {
            throw new IllegalArgumentException("onset must be finite, got " + onset);
        }
        double dt = tr / oversampling;
        int n = (int) Math.rint(timeLength / dt);
        if (n < 2) {
            throw new IllegalArgumentException("timeLength " + timeLength + " is shorter than two samples of "
                    + dt + " s: raise timeLength or oversampling");
        }
        double[] times = linspace(0, timeLength, n);
        double[] h = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double t = times[i] - onset;
            h[i] = SpecialFunctions.gammaPdf(t, model.delay / model.dispersion, dt, model.dispersion)
                    - model.ratio * SpecialFunctions.gammaPdf(t, model.undershoot / model.undershootDispersion, dt,
                            model.undershootDispersion);
            sum += h[i];
        }
        for (int i = 0; i < n; i++) {
            h[i] /= sum;
        }
        return h;
    }

    /** The kernel with nilearn's defaults (oversampling 50, 32 s, onset 0). */
    public static double[] kernel(HrfModel model, double tr) {
        return kernel(model, tr, DEFAULT_OVERSAMPLING, DEFAULT_TIME_LENGTH, 0);
    }

    /** numpy.linspace(start, stop, n) including numpy's exact endpoint. */
    static double[] linspace(double start, double stop, int n) {
        double[] out = new double[n];
        if (n == 1) {
            out[0] = start;
            return out;
        }
        double step = (stop - start) / (n - 1);
        for (int i = 0; i < n; i++) {
            out[i] = start + i * step;
        }
        out[n - 1] = stop;
        return out;
    }

    private static void requirePositive(double v, String name) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be a positive finite number, got " + v);
        }
    }
}
