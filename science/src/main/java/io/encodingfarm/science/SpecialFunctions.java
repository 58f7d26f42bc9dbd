package io.encodingfarm.science;

/** Log-gamma and gamma density, accurate to ~1e-15 relative, enough for float64 references. */
final class SpecialFunctions {
    private SpecialFunctions() {
    }

    // Lanczos approximation, g = 7, nine terms.
    private static final double LANCZOS_G = 7;
    private static final double[] LANCZOS = {
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7};

    static double logGamma(double x) {
        if (!(x > 0)) {
            throw new IllegalArgumentException("logGamma needs x > 0, got " + x);
        }
        if (x < 0.5) {
            // Reflection keeps the series in its accurate range.
            return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
        }
        double z = x - 1;
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (z + i);
        }
        double t = z + LANCZOS_G + 0.5;
        return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
    }

    /** scipy.stats.gamma.pdf(t, shape, loc, scale). */
    static double gammaPdf(double t, double shape, double loc, double scale) {
        double x = (t - loc) / scale;
        if (x < 0) {
            return 0;
        }
        if (x == 0) {
            return shape == 1 ? 1 / scale : (shape < 1 ? Double.POSITIVE_INFINITY : 0);
        }
        return Math.exp((shape - 1) * Math.log(x) - x - logGamma(shape)) / scale;
    }
}
