package io.encodingfarm.schema;

import java.util.List;

/**
 * How a fit turns features and responses into scores. {@code method} "loro" is seed B's nested
 * leave-one-run-out ridge on HRF-convolved regressors.
 *
 * @param method        CV scheme: "loro"
 * @param hrf           "glover" or "spm"
 * @param oversampling  HRF convolution oversampling (nilearn's default 50)
 * @param trim          scans dropped at each end of every run before z-scoring
 * @param alphas        ridge penalties tried
 */
public record FitSettings(String method, String hrf, int oversampling, int trim, List<Double> alphas) {
    public FitSettings {
        alphas = List.copyOf(alphas);
    }

    /** Seed B's settings: Glover HRF, 10 scans trimmed, α ∈ logspace(2, 7, 16). */
    public static FitSettings seedB() {
        return new FitSettings("loro", "glover", 50, 10, logspace(2, 7, 16));
    }

    public static List<Double> logspace(double start, double stop, int n) {
        Double[] values = new Double[n];
        for (int i = 0; i < n; i++) values[i] = Math.pow(10, n == 1 ? start : start + (stop - start) * i / (n - 1));
        return List.of(values);
    }
}
