package io.encodingfarm.models.align;

import io.encodingfarm.models.lm.CausalLm;
import java.util.List;

/**
 * Seed A (Antonello, Vaidya &amp; Huth): words joined by spaces; a word's feature is the hidden state of its
 * last token, computed with a context counted in words that grows by one per word and, on reaching
 * {@code maxContext} (512), restarts at {@code resetContext} (256) — so past the start every word sees
 * 256–512 preceding words. Contexts begin with the tokenizer's BOS when it has one.
 *
 * <p>A causal model's state at a token depends only on the tokens before it, so all words that share a
 * context start are computed in one forward pass over that context.
 */
public final class LastToken implements Alignment {
    public static final String NAME = "last-token";
    private final int maxContext;
    private final int resetContext;

    public LastToken() {
        this(512, 256);
    }

    LastToken(int maxContext, int resetContext) {
        if (resetContext < 0 || resetContext >= maxContext) {
            throw new IllegalArgumentException("context must reset to fewer words than its maximum: " + resetContext + " ≥ " + maxContext);
        }
        this.maxContext = maxContext;
        this.resetContext = resetContext;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Index of the first context word of each word. */
    int[] contextStarts(int words) {
        int[] start = new int[words];
        int lookback = 0;
        for (int i = 0; i < words; i++) {
            start[i] = i - lookback;
            lookback = lookback == maxContext ? resetContext : lookback + 1;
        }
        return start;
    }

    @Override
    public float[][][] wordStates(CausalLm lm, LmTokenizer tokenizer, List<String> words) {
        int layers = lm.architecture().hiddenStateCount();
        int hidden = lm.architecture().hidden();
        long[] prefix = tokenizer.prefix();
        float[][][] out = new float[layers][words.size()][];
        int[] starts = contextStarts(words.size());
        for (int segmentFirst = 0; segmentFirst < words.size(); ) {
            int s = starts[segmentFirst];
            int segmentEnd = segmentFirst;
            while (segmentEnd < words.size() && starts[segmentEnd] == s) segmentEnd++;
            WordTokens wt = new WordTokens(tokenizer, words.subList(s, segmentEnd));
            long[] ids = Alignment.concat(prefix, wt.tokens.ids());
            if (ids.length > lm.architecture().maxPositions()) {
                throw new IllegalArgumentException("words " + s + "–" + (segmentEnd - 1) + " make " + ids.length
                        + " tokens, more than the model's " + lm.architecture().maxPositions() + " positions");
            }
            float[][][] states = lm.hiddenStates(ids, 0);
            for (int i = segmentFirst; i < segmentEnd; i++) {
                int local = i - s;
                for (int l = 0; l < layers; l++) {
                    out[l][i] = wt.first[local] >= 0 ? states[l][prefix.length + wt.end[local] - 1]
                            : i == 0 ? new float[hidden] : out[l][i - 1].clone();
                }
            }
            segmentFirst = segmentEnd;
        }
        return out;
    }
}
