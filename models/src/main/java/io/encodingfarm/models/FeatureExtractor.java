package io.encodingfarm.models;

import java.util.List;

/**
 * Turns the words of a run into one feature matrix per layer. Implementations are deterministic:
 * the same extractor configuration on the same words gives the same numbers, which is what makes
 * feature artifacts content-addressable.
 */
public interface FeatureExtractor extends AutoCloseable {

    /** Names of the layers this extractor produces, in order ("embeddings", "block-1", … or "features"). */
    List<String> layerNames();

    /** Features of one run: {@code result[layer][word]} is a vector of the layer's width. */
    float[][][] extract(RunWords run);

    @Override
    default void close() {
    }
}
