package io.encodingfarm.models.speech;

import java.util.List;

/**
 * Turns 16 kHz mono audio into one feature matrix per layer, one row per sliding window. Deterministic;
 * one instance serves one thread at a time (its front end reuses scratch buffers).
 */
public interface AudioFeatureExtractor extends AutoCloseable {
    /** "embeddings", "block-1", …, "block-L", as the language models name theirs. */
    List<String> layerNames();

    AudioFeatures extract(float[] samples16k);

    @Override
    void close();
}
