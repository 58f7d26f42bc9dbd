package io.encodingfarm.models.speech;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv1d;
import io.encodingfarm.models.checkpoint.Tensor;
import io.encodingfarm.models.checkpoint.WeightSource;
import io.encodingfarm.models.lm.DjlRuntime;
import java.util.ArrayList;
import java.util.List;

/**
 * HuBERT (base layout) over DJL NDArrays, float32, batched over clips of equal length: the convolutional
 * feature encoder (group norm with one group per channel after the first convolution, GELU after each),
 * feature projection (layer norm, linear), the weight-normed grouped position convolution (+ GELU, last
 * frame dropped for an even kernel) added and layer-normed, then post-LN blocks. Hidden states are the
 * normed embedding and every block's output, as Hugging Face's {@code output_hidden_states}.
 */
final class HubertEncoder implements AutoCloseable {
    private static final double GROUP_NORM_EPS = 1e-5;

    private final HubertConfig c;
    private final NDManager manager;
    private final List<NDArray> convWeights = new ArrayList<>();
    private final List<NDArray> convBiases = new ArrayList<>();
    private final NDArray groupNormW;
    private final NDArray groupNormB;
    private final NDArray projectionNormW;
    private final NDArray projectionNormB;
    private final NDArray projectionW;
    private final NDArray projectionB;
    private final NDArray positionW;
    private final NDArray positionB;
    private final NDArray encoderNormW;
    private final NDArray encoderNormB;
    private final List<Block> blocks = new ArrayList<>();

    private record Block(EncoderOps.Attention attention, NDArray normW, NDArray normB, NDArray upW, NDArray upB,
                         NDArray downW, NDArray downB, NDArray finalNormW, NDArray finalNormB) {
    }

    HubertEncoder(HubertConfig c, WeightSource w, Device device) {
        DjlRuntime.configure();
        this.c = c;
        this.manager = NDManager.newBaseManager(device, DjlRuntime.ENGINE);
        try {
            for (int i = 0; i < c.convDim().length; i++) {
                String l = "feature_extractor.conv_layers." + i + ".conv.";
                convWeights.add(EncoderOps.vector(manager, w, l + "weight"));
                convBiases.add(c.convBias() ? EncoderOps.vector(manager, w, l + "bias") : null);
            }
            groupNormW = EncoderOps.vector(manager, w, "feature_extractor.conv_layers.0.layer_norm.weight").reshape(1, -1, 1);
            groupNormB = EncoderOps.vector(manager, w, "feature_extractor.conv_layers.0.layer_norm.bias").reshape(1, -1, 1);
            projectionNormW = EncoderOps.vector(manager, w, "feature_projection.layer_norm.weight");
            projectionNormB = EncoderOps.vector(manager, w, "feature_projection.layer_norm.bias");
            projectionW = EncoderOps.matrix(manager, w, "feature_projection.projection.weight");
            projectionB = EncoderOps.vector(manager, w, "feature_projection.projection.bias");
            Tensor position = weightNormed(w, "encoder.pos_conv_embed.conv.");
            positionW = manager.create(position.values(), new Shape(position.shape()));
            positionB = EncoderOps.vector(manager, w, "encoder.pos_conv_embed.conv.bias");
            encoderNormW = EncoderOps.vector(manager, w, "encoder.layer_norm.weight");
            encoderNormB = EncoderOps.vector(manager, w, "encoder.layer_norm.bias");
            for (int i = 0; i < c.layers(); i++) {
                String l = "encoder.layers." + i + ".";
                blocks.add(new Block(EncoderOps.Attention.load(manager, w, l + "attention.", "out_proj"),
                        EncoderOps.vector(manager, w, l + "layer_norm.weight"), EncoderOps.vector(manager, w, l + "layer_norm.bias"),
                        EncoderOps.matrix(manager, w, l + "feed_forward.intermediate_dense.weight"),
                        EncoderOps.vector(manager, w, l + "feed_forward.intermediate_dense.bias"),
                        EncoderOps.matrix(manager, w, l + "feed_forward.output_dense.weight"),
                        EncoderOps.vector(manager, w, l + "feed_forward.output_dense.bias"),
                        EncoderOps.vector(manager, w, l + "final_layer_norm.weight"), EncoderOps.vector(manager, w, l + "final_layer_norm.bias")));
            }
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * weight = g · v / ‖v‖ with the norm taken per kernel tap (torch weight_norm with dim = 2), from either
     * the hub's {@code weight_g}/{@code weight_v} or the parametrization names newer PyTorch saves.
     */
    private static Tensor weightNormed(WeightSource w, String prefix) {
        boolean legacy = w.contains(prefix + "weight_g");
        Tensor g = w.read(prefix + (legacy ? "weight_g" : "parametrizations.weight.original0"));
        Tensor v = w.read(prefix + (legacy ? "weight_v" : "parametrizations.weight.original1"));
        int taps = (int) v.shape()[2];
        int rows = v.values().length / taps;
        double[] norms = new double[taps];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < taps; k++) norms[k] += (double) v.values()[r * taps + k] * v.values()[r * taps + k];
        }
        float[] out = new float[v.values().length];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < taps; k++) out[r * taps + k] = (float) (g.values()[k] * v.values()[r * taps + k] / Math.sqrt(norms[k]));
        }
        return new Tensor(v.shape(), out);
    }

    /**
     * Every hidden state at every frame of a batch of equally long clips, already normalized.
     *
     * @return {@code [hiddenStateCount][clip][frame][hidden]} flattened per clip as {@code [frame × hidden]}
     */
    float[][][] hiddenStates(List<float[]> clips, java.util.function.UnaryOperator<NDArray> selectFrames) {
        int batch = clips.size();
        int length = clips.get(0).length;
        float[] input = new float[batch * length];
        for (int b = 0; b < batch; b++) {
            if (clips.get(b).length != length) throw new IllegalArgumentException("clips of one batch must have equal lengths");
            System.arraycopy(clips.get(b), 0, input, b * length, length);
        }
        if (c.frames(length) < 1) throw new IllegalArgumentException(length + " samples are too short for the feature encoder");
        float[][][] out = new float[c.hiddenStateCount()][batch][];
        try (NDManager call = manager.newSubManager()) {
            NDArray x = call.create(input, new Shape(batch, 1, length));
            for (int i = 0; i < convWeights.size(); i++) {
                x = Conv1d.conv1d(x, convWeights.get(i), convBiases.get(i), new Shape(c.convStride()[i])).singletonOrThrow();
                if (i == 0) {
                    // Group norm with one group per channel: each channel normalized over time.
                    NDArray centered = x.sub(x.mean(new int[] {2}, true));
                    x = centered.div(centered.square().mean(new int[] {2}, true).add((float) GROUP_NORM_EPS).sqrt())
                            .mul(groupNormW).add(groupNormB);
                }
                x = Activation.gelu(x);
            }
            x = EncoderOps.layerNorm(x.transpose(0, 2, 1), projectionNormW, projectionNormB, c.layerNormEps());
            x = EncoderOps.linear(x, projectionW, projectionB);
            NDArray position = Conv1d.conv1d(x.transpose(0, 2, 1), positionW, positionB, new Shape(1), new Shape(c.posKernel() / 2),
                    new Shape(1), c.posGroups()).singletonOrThrow();
            if (c.posKernel() % 2 == 0) position = position.get(":, :, :-1");
            x = EncoderOps.layerNorm(x.add(Activation.gelu(position).transpose(0, 2, 1)), encoderNormW, encoderNormB, c.layerNormEps());
            collect(out, 0, selectFrames.apply(x));
            for (int i = 0; i < blocks.size(); i++) {
                NDArray next;
                try (NDManager scope = call.newSubManager()) {
                    x.tempAttach(scope);
                    next = block(blocks.get(i), x);
                    next.attach(call);
                }
                x = next;
                collect(out, i + 1, selectFrames.apply(x));
            }
        }
        return out;
    }

    private static void collect(float[][][] out, int layer, NDArray selected) {
        int batch = out[layer].length;
        float[] values = selected.toFloatArray();
        int per = values.length / batch;
        for (int b = 0; b < batch; b++) out[layer][b] = java.util.Arrays.copyOfRange(values, b * per, (b + 1) * per);
    }

    private NDArray block(Block b, NDArray x) {
        NDArray mid = EncoderOps.layerNorm(x.add(EncoderOps.selfAttention(x, b.attention(), c.heads())), b.normW(), b.normB(), c.layerNormEps());
        NDArray ff = EncoderOps.linear(Activation.gelu(EncoderOps.linear(mid, b.upW(), b.upB())), b.downW(), b.downB());
        return EncoderOps.layerNorm(mid.add(ff), b.finalNormW(), b.finalNormB(), c.layerNormEps());
    }

    @Override
    public void close() {
        manager.close();
    }
}
