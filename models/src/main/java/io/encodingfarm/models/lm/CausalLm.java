package io.encodingfarm.models.lm;

import io.encodingfarm.models.checkpoint.RandomWeights;
import io.encodingfarm.models.checkpoint.Safetensors;
import io.encodingfarm.models.checkpoint.WeightSource;
import io.encodingfarm.models.lm.Architecture.Norm;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A Hugging Face causal language model loaded from a checkpoint directory (config.json + safetensors),
 * or its untrained twin: the same architecture with weights drawn from a seed.
 */
public final class CausalLm implements AutoCloseable {
    private final Architecture architecture;
    private final long parameterCount;
    private final DjlDecoder decoder;

    private CausalLm(Architecture architecture, long parameterCount, DjlDecoder decoder) {
        this.architecture = architecture;
        this.parameterCount = parameterCount;
        this.decoder = decoder;
    }

    /**
     * @param untrainedSeed when present, ignore the stored weights and initialize them the way Hugging Face
     *                      initializes a fresh model (normal with the config's initializer range), from this seed
     * @param device        cpu, gpu or auto
     */
    public static CausalLm open(Path checkpointDir, OptionalLong untrainedSeed, String device) {
        ModelConfig config = ModelConfig.read(checkpointDir);
        Architecture a = architecture(config);
        Safetensors stored = Safetensors.open(checkpointDir);
        WeightSource weights = stored;
        if (untrainedSeed.isPresent()) {
            weights = RandomWeights.untrained(stored, untrainedSeed.getAsLong(), Family.initializerRange(config),
                    a.norm() == Norm.RMS_NORM_PLUS_ONE ? 0 : 1);
        }
        DecoderWeights decoderWeights = a.family().load(weights, a);
        return new CausalLm(a, parameterCount(stored), new DjlDecoder(a, decoderWeights, DjlRuntime.device(device)));
    }

    public static Architecture architecture(ModelConfig config) {
        return Family.of(config.modelType()).architecture(config);
    }

    /**
     * Values of every stored parameter tensor, counted once (tied embeddings are stored once), without the
     * non-parameter buffers some checkpoints carry (GPT-2's causal-mask "attn.bias", rotary "inv_freq").
     */
    public static long parameterCount(Safetensors weights) {
        long n = 0;
        for (String name : weights.names()) {
            if (name.endsWith(".attn.bias") || name.endsWith(".attn.masked_bias") || name.endsWith(".attention.bias")
                    || name.endsWith(".attention.masked_bias") || name.endsWith(".inv_freq")) continue;
            long size = 1;
            for (long d : weights.shape(name)) size *= d;
            n += size;
        }
        return n;
    }

    public Architecture architecture() {
        return architecture;
    }

    public long parameterCount() {
        return parameterCount;
    }

    /**
     * Hidden states of one window of token ids for tokens {@code [keepFrom, ids.length)}:
     * {@code [layers + 1][ids.length - keepFrom][hidden]}.
     */
    public float[][][] hiddenStates(long[] ids, int keepFrom) {
        return decoder.hiddenStates(ids, keepFrom);
    }

    @Override
    public void close() {
        decoder.close();
    }
}
