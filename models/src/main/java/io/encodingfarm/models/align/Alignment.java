package io.encodingfarm.models.align;

import io.encodingfarm.models.lm.CausalLm;
import java.util.List;

/** How per-token hidden states become per-word features: one of the two published conventions. */
public interface Alignment {
    /** {@code [layers + 1][words][hidden]} for one run, with no context from any other run. */
    float[][][] wordStates(CausalLm lm, LmTokenizer tokenizer, List<String> words);

    /** Spec name, as written in sweep files. */
    String name();

    static Alignment named(String name) {
        return switch (name) {
            case MeanTokens.NAME -> new MeanTokens();
            case LastToken.NAME -> new LastToken();
            default -> throw new IllegalArgumentException("alignment = \"" + name + "\" is not one of: "
                    + MeanTokens.NAME + " (seed B, default), " + LastToken.NAME + " (seed A)");
        };
    }

    static long[] concat(long[] a, long[] b) {
        long[] out = new long[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
