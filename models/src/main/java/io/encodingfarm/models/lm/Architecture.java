package io.encodingfarm.models.lm;

import java.util.List;

/**
 * Everything the forward pass needs to know about a decoder-only transformer, read from a checkpoint's
 * {@code config.json}. The supported families differ only along these axes.
 *
 * @param rotaryDims      leading dimensions of each head that rotate (RoPE, "rotate half" layout); 0 means
 *                        learned absolute position embeddings instead
 * @param ropeScaling     rescaled rotary frequencies (long-context checkpoints), or {@code null}
 * @param positionOffset  row of the position table used for position 0 (OPT reserves two rows)
 * @param embeddingScale  multiplies token embeddings (Gemma: √hidden)
 * @param slidingWindow   a token attends to at most this many most recent tokens, itself included (Mistral);
 *                        0 for unlimited
 */
public record Architecture(
        Family family, int layers, int hidden, int heads, int kvHeads, int headDim, int intermediate,
        int vocabSize, int maxPositions, Norm norm, double normEps, Activation activation, boolean gatedMlp,
        boolean parallelResidual, int rotaryDims, double ropeTheta, RopeScaling ropeScaling, int positionOffset,
        double embeddingScale, int slidingWindow) {

    public enum Norm {
        /** (x − mean) / √(var + ε) · w + b. */
        LAYER_NORM,
        /** x / √(mean(x²) + ε) · w. */
        RMS_NORM,
        /** x / √(mean(x²) + ε) · (1 + w) (Gemma). */
        RMS_NORM_PLUS_ONE
    }

    public enum Activation {
        /** Exact GELU, x·Φ(x). */
        GELU,
        /** GELU's tanh approximation ("gelu_new", "gelu_pytorch_tanh"). */
        GELU_TANH,
        RELU,
        /** x·σ(x), "silu" / "swish". */
        SILU;

        static Activation fromHuggingFace(String key, String name) {
            return switch (name) {
                case "gelu" -> GELU;
                case "gelu_new", "gelu_pytorch_tanh" -> GELU_TANH;
                case "relu" -> RELU;
                case "silu", "swish" -> SILU;
                default -> throw new IllegalArgumentException("config.json: " + key + " = \"" + name + "\" is not supported;"
                        + " supported: gelu, gelu_new, gelu_pytorch_tanh, relu, silu, swish");
            };
        }
    }

    /**
     * Rotary frequency rescaling. {@code linear}: every frequency divided by {@code factor}. {@code llama3}:
     * wavelengths longer than {@code originalMaxPositions / lowFreqFactor} divided by {@code factor}, shorter
     * than {@code originalMaxPositions / highFreqFactor} kept, and those between interpolated.
     */
    public record RopeScaling(String type, double factor, double lowFreqFactor, double highFreqFactor, int originalMaxPositions) {
        public static final List<String> SUPPORTED = List.of("default", "linear", "llama3");
    }

    public Architecture {
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException("config.json: " + heads + " attention heads cannot share " + kvHeads + " key/value heads");
        }
        if (rotaryDims % 2 != 0 || rotaryDims > headDim) {
            throw new IllegalArgumentException("config.json: rotary dimensions " + rotaryDims + " must be even and at most the head size " + headDim);
        }
    }

    /** Angular frequency of each rotating pair i (dimensions i and i + rotaryDims/2): θ^(−2i/rotaryDims), rescaled. */
    public double[] inverseFrequencies() {
        double[] out = new double[rotaryDims / 2];
        for (int i = 0; i < out.length; i++) {
            double f = Math.pow(ropeTheta, -2.0 * i / rotaryDims);
            if (ropeScaling != null && ropeScaling.type().equals("linear")) {
                f /= ropeScaling.factor();
            } else if (ropeScaling != null && ropeScaling.type().equals("llama3")) {
                double wavelength = 2 * Math.PI / f;
                double longest = ropeScaling.originalMaxPositions() / ropeScaling.lowFreqFactor();
                double shortest = ropeScaling.originalMaxPositions() / ropeScaling.highFreqFactor();
                if (wavelength > longest) {
                    f /= ropeScaling.factor();
                } else if (wavelength >= shortest) {
                    double smooth = (ropeScaling.originalMaxPositions() / wavelength - ropeScaling.lowFreqFactor())
                            / (ropeScaling.highFreqFactor() - ropeScaling.lowFreqFactor());
                    f = (1 - smooth) * f / ropeScaling.factor() + smooth * f;
                }
            }
            out[i] = f;
        }
        return out;
    }

    /** Hidden states the model returns: the embedding output, then one per block. */
    public int hiddenStateCount() {
        return layers + 1;
    }
}
