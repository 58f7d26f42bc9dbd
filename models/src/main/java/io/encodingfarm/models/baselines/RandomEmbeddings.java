package io.encodingfarm.models.baselines;

import io.encodingfarm.models.StableSeeds;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Baseline "random embeddings": one U[0,1) vector per distinct (lower-cased) word, the same vector
 * at every occurrence and in every run — a lexicon with no meaning.
 */
public final class RandomEmbeddings extends LexiconFeatures {
    private final int dim;
    private final long seed;
    private final Map<String, float[]> lexicon = new HashMap<>();

    public RandomEmbeddings(int dim, long seed) {
        if (dim <= 0) throw new IllegalArgumentException("random-embeddings dimension must be positive, got " + dim);
        this.dim = dim;
        this.seed = seed;
    }

    @Override
    float[] vectorOf(String word) {
        return lexicon.computeIfAbsent(word.toLowerCase(Locale.ROOT), key -> {
            SplittableRandom random = new SplittableRandom(StableSeeds.of(seed, "word:" + key));
            float[] v = new float[dim];
            for (int j = 0; j < dim; j++) v[j] = (float) random.nextDouble();
            return v;
        });
    }
}
