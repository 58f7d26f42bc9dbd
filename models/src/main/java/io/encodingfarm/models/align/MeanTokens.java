package io.encodingfarm.models.align;

import io.encodingfarm.models.lm.CausalLm;
import java.util.Arrays;
import java.util.List;

/**
 * Seed B (Bonnasse-Gahot &amp; Pallier): the run's text is tokenized once; a word's feature is the mean of
 * the hidden states of its tokens (from its first token up to the next word's first token). Runs longer
 * than the model's context go through windows of {@code max_position_embeddings} tokens that advance by
 * {@value #STRIDE}; each token takes its state from the window that gives it the most left context.
 */
public final class MeanTokens implements Alignment {
    public static final String NAME = "mean-tokens";
    static final int STRIDE = 64;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public float[][][] wordStates(CausalLm lm, LmTokenizer tokenizer, List<String> words) {
        WordTokens wt = new WordTokens(tokenizer, words);
        long[] prefix = tokenizer.prefix();
        // A run of only blank words has no tokens at all: every word then falls back to zeros below.
        float[][][] states = wt.tokens.size() == 0 ? null : windowed(lm, Alignment.concat(prefix, wt.tokens.ids()));
        int layers = lm.architecture().hiddenStateCount();
        int hidden = lm.architecture().hidden();
        float[][][] out = new float[layers][words.size()][];
        for (int i = 0; i < words.size(); i++) {
            for (int l = 0; l < layers; l++) {
                if (wt.first[i] < 0) {
                    out[l][i] = i == 0 ? new float[hidden] : out[l][i - 1].clone();
                    continue;
                }
                double[] sum = new double[hidden];
                for (int t = wt.first[i]; t < wt.end[i]; t++) {
                    float[] s = states[l][prefix.length + t];
                    for (int j = 0; j < hidden; j++) sum[j] += s[j];
                }
                float[] mean = new float[hidden];
                int count = wt.end[i] - wt.first[i];
                for (int j = 0; j < hidden; j++) mean[j] = (float) (sum[j] / count);
                out[l][i] = mean;
            }
        }
        return out;
    }

    /** Per-token states {@code [layers + 1][tokens][hidden]} through overlapping windows. */
    static float[][][] windowed(CausalLm lm, long[] ids) {
        int max = lm.architecture().maxPositions();
        if (ids.length <= max) return lm.hiddenStates(ids, 0);
        float[][][] states = new float[lm.architecture().hiddenStateCount()][ids.length][];
        int done = 0;
        for (int start = 0; done < ids.length; start += STRIDE) {
            int end = Math.min(start + max, ids.length);
            if (end <= done) continue;
            float[][][] window = lm.hiddenStates(Arrays.copyOfRange(ids, start, end), done - start);
            for (int l = 0; l < states.length; l++) System.arraycopy(window[l], 0, states[l], done, end - done);
            done = end;
        }
        return states;
    }
}
