package io.encodingfarm.dispatcher;

import io.encodingfarm.schema.FitSettings;
import java.util.Map;

/**
 * Compute, memory and time a planned sweep needs, from its problem size and throughput constants
 * measured on this machine class (2 shared cores of an AMD EPYC Zen3; docs/recipes.md says how each was
 * measured and how to re-measure on yours). FLOP counts follow the algorithms the workers run
 * (docs/science.md "Ridge engine"); they are estimates for capacity planning, not promises.
 */
final class PlanEstimate {
    /**
     * Nested-LORO ridge, FLOPs as counted by {@link #fitFlops} over wall time, 2 shared cores, OpenBLAS: the
     * LPP-size benchmark of docs/science.md (2,800 TRs × 1,024 features → 25,870 voxels, 16 α) ran in 50.1 s,
     * 3.0 TFLOP by this count. Under heavier load a 8,000-voxel run gave 25 GFLOP/s (docs/recipes.md).
     */
    static final double RIDGE_GFLOPS = 60;
    /** Forward passes through DJL/libtorch, 2 cores: {@code farm bench extract} measured 10.9 GFLOP/s (53 tokens/s, GPT-2 small). */
    static final double EXTRACT_GFLOPS = 10.9;
    /** Byte-level BPE tokens per word of English prose (GPT-2's tokenizer on LPP's text gives ~1.3). */
    static final double TOKENS_PER_WORD = 1.3;
    /** A symmetric eigendecomposition with eigenvectors (LAPACK syevd) costs about this many p³ FLOPs. */
    static final double EIGEN_FLOPS_PER_P3 = 9;
    /** Tokens in one forward pass: seed B's windows (typical max_position_embeddings), seed A's 256–512-word contexts. */
    static final int MEAN_TOKENS_CONTEXT = 2048;
    static final int LAST_TOKEN_CONTEXT = 1024;
    /** Seed A's contexts restart every 256 words with up to 512 words each: every token goes through ~2 passes. */
    static final double LAST_TOKEN_PASSES = 2;
    private static final double FLOAT_BYTES = 4;

    private PlanEstimate() {
    }

    /** FLOPs of one fit of {@code width} features (per layer) on the dataset, for the sweep's fit method. */
    static double fitFlops(FitSettings fit, DatasetShape data, int width) {
        int trainRuns = data.runs() - (data.testTrs() > 0 ? 1 : 0);
        double t = Math.max(1, data.trainTrs() - 2.0 * fit.trim() * trainRuns);
        double v = data.voxels();
        double a = fit.alphas().size();
        double eigen = 0;
        if (fit.bootstrap() == null) {
            double p = width;
            eigen = EIGEN_FLOPS_PER_P3 * p * p * p;
            // cross products once; per outer fold one eigendecomposition; across folds every run is
            // validated once over all α (projections + predictions) and tested once
            return 2 * t * p * p + 4 * t * p * v + trainRuns * eigen + 2 * t * p * p * (a + 2) + 2 * t * p * v * (a + 1);
        }
        FitSettings.Bootstrap b = fit.bootstrap();
        double p = (double) width * b.delays().size();
        eigen = EIGEN_FLOPS_PER_P3 * p * p * p;
        double heldOut = Math.min(t, (double) b.chunklen() * b.nchunks());
        double perBootstrap = 2 * heldOut * p * p + 2 * heldOut * p * v + eigen
                + 2 * heldOut * p * p * (a + 1) + 2 * heldOut * p * v * a;
        // totals once; bootstraps; the final fit on all training rows (per-voxel α) and the test predictions
        return 2 * t * p * p + 2 * t * p * v + b.nboots() * perBootstrap + eigen + 4 * p * p * v + 2 * data.testTrs() * p * v;
    }

    /** FLOPs of one extraction: about 2 per parameter per token, times the passes the alignment needs. */
    static double extractionFlops(FeatureSource source, Map<String, Object> extractor, DatasetShape data) {
        return 2.0 * source.parameters() * data.words() * TOKENS_PER_WORD * passes(extractor);
    }

    /** Float32 weights plus one pass's activations: every hidden state kept, a block's working set, attention scores. */
    static double gpuBytes(FeatureSource source, Map<String, Object> extractor) {
        if (source.parameters() == 0) return 0;
        double context = lastToken(extractor) ? LAST_TOKEN_CONTEXT : MEAN_TOKENS_CONTEXT;
        double heads = Math.max(1, source.width() / 128);
        double activations = context * source.width() * (source.layers().size() + 8) + heads * context * context;
        return FLOAT_BYTES * (source.parameters() + activations);
    }

    static double fitSeconds(double flops) {
        return flops / (RIDGE_GFLOPS * 1e9);
    }

    static double extractionSeconds(double flops) {
        return flops / (EXTRACT_GFLOPS * 1e9);
    }

    private static boolean lastToken(Map<String, Object> extractor) {
        return "last-token".equals(extractor.get("alignment"));
    }

    private static double passes(Map<String, Object> extractor) {
        return lastToken(extractor) ? LAST_TOKEN_PASSES : 1;
    }
}
