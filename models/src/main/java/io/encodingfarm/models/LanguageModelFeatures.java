package io.encodingfarm.models;

import io.encodingfarm.models.align.Alignment;
import io.encodingfarm.models.align.LmTokenizer;
import io.encodingfarm.models.lm.CausalLm;
import java.util.ArrayList;
import java.util.List;

/** Per-word hidden states of every layer of a causal language model, aligned by one of the two conventions. */
final class LanguageModelFeatures implements FeatureExtractor {
    private final CausalLm lm;
    private final LmTokenizer tokenizer;
    private final Alignment alignment;
    private final List<String> layerNames;

    LanguageModelFeatures(CausalLm lm, LmTokenizer tokenizer, Alignment alignment) {
        this.lm = lm;
        this.tokenizer = tokenizer;
        this.alignment = alignment;
        this.layerNames = layerNames(lm.architecture().hiddenStateCount());
    }

    /** "embeddings" for the embedding output, then "block-1" … "block-L". */
    static List<String> layerNames(int hiddenStateCount) {
        List<String> names = new ArrayList<>();
        names.add("embeddings");
        for (int i = 1; i < hiddenStateCount; i++) names.add("block-" + i);
        return List.copyOf(names);
    }

    @Override
    public List<String> layerNames() {
        return layerNames;
    }

    @Override
    public float[][][] extract(RunWords run) {
        return alignment.wordStates(lm, tokenizer, run.words());
    }

    @Override
    public void close() {
        lm.close();
        tokenizer.close();
    }
}
