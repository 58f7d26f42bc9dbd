package io.encodingfarm.models.baselines;

import io.encodingfarm.models.FeatureExtractor;
import io.encodingfarm.models.RunWords;
import io.encodingfarm.models.StableSeeds;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Baseline "random vectors": a fresh N(0,1) vector for every word occurrence, so the features
 * carry only word timing, never word identity. Seeded per run so runs can be extracted independently.
 */
public final class RandomVectors implements FeatureExtractor {
    private final int dim;
    private final long seed;

    public RandomVectors(int dim, long seed) {
        if (dim <= 0) throw new IllegalArgumentException("random-vectors dimension must be positive, got " + dim);
        this.dim = dim;
        this.seed = seed;
    }

    @Override
    public List<String> layerNames() {
        return List.of("features");
    }

    @Override
    public float[][][] extract(RunWords run) {
        SplittableRandom random = new SplittableRandom(StableSeeds.of(seed, "run:" + run.runId()));
        float[][] out = new float[run.words().size()][dim];
        for (float[] row : out) {
            for (int j = 0; j < dim; j++) row[j] = (float) random.nextGaussian();
        }
        return new float[][][] {out};
    }
}
