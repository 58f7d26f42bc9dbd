package io.encodingfarm.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * How a fit turns features and responses into scores.
 * <ul>
 *   <li>{@code loro} — seed B: word events convolved with the HRF at the scan times, nested
 *       leave-one-run-out ridge with one α per test run.</li>
 *   <li>{@code bootstrap} — seed A: word features Lanczos-resampled to the TR times, FIR delays, ridge
 *       with chunked bootstrap CV on the training runs, Pearson r on the test run(s).</li>
 * </ul>
 *
 * @param method        "loro" or "bootstrap"
 * @param hrf           "glover" or "spm" (loro)
 * @param oversampling  HRF convolution oversampling (loro; nilearn's default 50)
 * @param trim          scans dropped at each end of every run before z-scoring
 * @param alphas        ridge penalties tried
 * @param bootstrap     seed A's settings; absent for loro (and then absent from the JSON, so loro ids are stable)
 */
public record FitSettings(String method, String hrf, int oversampling, int trim, List<Double> alphas,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Bootstrap bootstrap) {
    public FitSettings {
        alphas = List.copyOf(alphas);
    }

    public FitSettings(String method, String hrf, int oversampling, int trim, List<Double> alphas) {
        this(method, hrf, oversampling, trim, alphas, null);
    }

    /**
     * Seed A's bootstrap ridge.
     *
     * @param nboots         bootstraps
     * @param chunklen       rows per held-out block
     * @param nchunks        blocks held out per bootstrap
     * @param seed           seed of the block draws
     * @param alphaMode      "per-voxel" or "single"
     * @param alphaSquared   seed A's s/(s²+α²) convention
     * @param score          "corr" or "signed-sqrt-r2"
     * @param delays         FIR delays in TRs
     * @param lanczosWindow  Lanczos window (lobes)
     */
    public record Bootstrap(int nboots, int chunklen, int nchunks, long seed, String alphaMode, boolean alphaSquared,
                            String score, List<Integer> delays, int lanczosWindow) {
        public Bootstrap {
            delays = List.copyOf(delays);
        }

        /** Seed A's defaults: 50 bootstraps of 125 blocks of 40 TRs, per-voxel α, correlation, delays 1–4, window 3. */
        public static Bootstrap seedA() {
            return new Bootstrap(50, 40, 125, 0, "per-voxel", false, "corr", List.of(1, 2, 3, 4), 3);
        }
    }

    /** Seed B's settings: Glover HRF, 10 scans trimmed, α ∈ logspace(2, 7, 16). */
    public static FitSettings seedB() {
        return new FitSettings("loro", "glover", 50, 10, logspace(2, 7, 16));
    }

    /** Seed A's settings: 10 scans trimmed at each end of every story, α ∈ logspace(1, 3, 10), bootstrap CV. */
    public static FitSettings seedA() {
        return new FitSettings("bootstrap", "glover", 50, 10, logspace(1, 3, 10), Bootstrap.seedA());
    }

    public static List<Double> logspace(double start, double stop, int n) {
        Double[] values = new Double[n];
        for (int i = 0; i < n; i++) values[i] = Math.pow(10, n == 1 ? start : start + (stop - start) * i / (n - 1));
        return List.of(values);
    }
}
