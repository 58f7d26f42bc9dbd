package io.encodingfarm.models.baselines;

import io.encodingfarm.models.FeatureExtractor;
import io.encodingfarm.models.RunWords;
import java.util.List;

/** A single layer of features where each word's vector depends on the word alone, never on its context. */
abstract class LexiconFeatures implements FeatureExtractor {

    /** The word's vector; callers get a copy. */
    abstract float[] vectorOf(String word);

    @Override
    public final List<String> layerNames() {
        return List.of("features");
    }

    @Override
    public final float[][][] extract(RunWords run) {
        float[][] out = new float[run.words().size()][];
        for (int i = 0; i < out.length; i++) out[i] = vectorOf(run.words().get(i)).clone();
        return new float[][][] {out};
    }
}
