package io.encodingfarm.models.speech;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import io.encodingfarm.models.checkpoint.Tensor;
import io.encodingfarm.models.checkpoint.WeightSource;
import io.encodingfarm.models.lm.DjlRuntime;
import java.util.ArrayList;
import java.util.List;

/**
 * Whisper's audio encoder over DJL NDArrays (PyTorch engine), float32, batched: conv1 (kernel 3, stride 1,
 * padding 1) + GELU, conv2 (kernel 3, stride 2, padding 1) + GELU, plus the position table, then pre-LN
 * blocks. Hidden states follow Hugging Face's {@code output_hidden_states}: the conv/embedding output,
 * then every block, the last one after the encoder's final layer norm.
 */
final class WhisperEncoder implements AutoCloseable {
    static final String PREFIX = "model.encoder.";
    static final String POSITIONS = PREFIX + "embed_positions.weight";

    private final WhisperConfig c;
    private final NDManager manager;
    private final NDArray conv1W;
    private final NDArray conv1B;
    private final NDArray conv2W;
    private final NDArray conv2B;
    private final NDArray positions;
    private final List<Block> blocks = new ArrayList<>();
    private final NDArray finalNormW;
    private final NDArray finalNormB;

    /** Projections stored as [in, out] so that each is one matMul; k_proj has no bias in Whisper. */
    private record Block(NDArray norm1W, NDArray norm1B, EncoderOps.Attention attention, NDArray norm2W, NDArray norm2B,
                         NDArray fc1W, NDArray fc1B, NDArray fc2W, NDArray fc2B) {
    }

    WhisperEncoder(WhisperConfig c, WeightSource w, Device device) {
        DjlRuntime.configure();
        this.c = c;
        this.manager = NDManager.newBaseManager(device, DjlRuntime.ENGINE);
        try {
            conv1W = convolution(w, "conv1.weight", c.melBins());
            conv1B = vector(w, PREFIX + "conv1.bias");
            conv2W = convolution(w, "conv2.weight", c.dModel());
            conv2B = vector(w, PREFIX + "conv2.bias");
            positions = vector(w, POSITIONS);
            for (int i = 0; i < c.layers(); i++) {
                String l = PREFIX + "layers." + i + ".";
                blocks.add(new Block(vector(w, l + "self_attn_layer_norm.weight"), vector(w, l + "self_attn_layer_norm.bias"),
                        EncoderOps.Attention.load(manager, w, l + "self_attn.", "out_proj"),
                        vector(w, l + "final_layer_norm.weight"), vector(w, l + "final_layer_norm.bias"),
                        matrix(w, l + "fc1.weight"), vector(w, l + "fc1.bias"), matrix(w, l + "fc2.weight"), vector(w, l + "fc2.bias")));
            }
            finalNormW = vector(w, PREFIX + "layer_norm.weight");
            finalNormB = vector(w, PREFIX + "layer_norm.bias");
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private NDArray vector(WeightSource w, String name) {
        return EncoderOps.vector(manager, w, name);
    }

    private NDArray matrix(WeightSource w, String name) {
        return EncoderOps.matrix(manager, w, name);
    }

    /** [out, in, 3] → [(tap, in), out], matching the unfolded input [time, (tap, in)]. */
    private NDArray convolution(WeightSource w, String name, int in) {
        Tensor t = w.read(PREFIX + name);
        int out = c.dModel();
        if (t.values().length != out * in * 3) {
            throw new IllegalArgumentException("tensor '" + PREFIX + name + "' should be [" + out + ", " + in + ", 3], got "
                    + java.util.Arrays.toString(t.shape()));
        }
        float[] v = new float[out * in * 3];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                for (int k = 0; k < 3; k++) v[(k * in + i) * out + o] = t.values()[(o * in + i) * 3 + k];
            }
        }
        return manager.create(v, new Shape(3L * in, out));
    }

    /**
     * Every hidden state at one encoder frame for a batch of clips.
     *
     * @param logMels one {@code [melBins × 3000]} log-mel array per clip
     * @return {@code [hiddenStateCount][clip][dModel]}
     */
    float[][][] hiddenStatesAt(List<float[]> logMels, int frame) {
        float[][][] out = new float[c.hiddenStateCount()][logMels.size()][];
        forward(logMels, x -> x.get(":, " + frame + ", :"), (layer, rows) -> {
            for (int b = 0; b < logMels.size(); b++) out[layer][b] = java.util.Arrays.copyOfRange(rows, b * c.dModel(), (b + 1) * c.dModel());
        });
        return out;
    }

    /** Every hidden state at every frame of one clip: {@code [hiddenStateCount][1500][dModel]} (tests, inspection). */
    float[][][] hiddenStates(float[] logMel) {
        float[][][] out = new float[c.hiddenStateCount()][WhisperConfig.ENCODER_FRAMES][];
        forward(List.of(logMel), x -> x, (layer, values) -> {
            for (int t = 0; t < WhisperConfig.ENCODER_FRAMES; t++) {
                out[layer][t] = java.util.Arrays.copyOfRange(values, t * c.dModel(), (t + 1) * c.dModel());
            }
        });
        return out;
    }

    private interface Sink {
        void accept(int layer, float[] values);
    }

    private void forward(List<float[]> logMels, java.util.function.UnaryOperator<NDArray> select, Sink sink) {
        int batch = logMels.size();
        int mels = c.melBins();
        float[] input = new float[batch * mels * WhisperFrontEnd.FRAMES];
        for (int b = 0; b < batch; b++) {
            float[] m = logMels.get(b);
            if (m.length != mels * WhisperFrontEnd.FRAMES) {
                throw new IllegalArgumentException("clip " + b + " has " + m.length + " log-mel values, expected " + mels + " × " + WhisperFrontEnd.FRAMES);
            }
            System.arraycopy(m, 0, input, b * m.length, m.length);
        }
        try (NDManager call = manager.newSubManager()) {
            NDArray x = call.create(input, new Shape(batch, mels, WhisperFrontEnd.FRAMES)).transpose(0, 2, 1);
            x = Activation.gelu(unfold(x, 1).matMul(conv1W).add(conv1B));
            x = Activation.gelu(unfold(x, 2).matMul(conv2W).add(conv2B)).add(positions);
            sink.accept(0, select.apply(x).toFloatArray());
            for (int i = 0; i < blocks.size(); i++) {
                NDArray next;
                try (NDManager scope = call.newSubManager()) {
                    x.tempAttach(scope);
                    next = block(blocks.get(i), x);
                    if (i == blocks.size() - 1) next = norm(next, finalNormW, finalNormB);
                    next.attach(call);
                }
                x = next;
                sink.accept(i + 1, select.apply(x).toFloatArray());
            }
        }
    }

    /**
     * The kernel-3, padding-1 input windows of a convolution as rows: [batch, time, channels] →
     * [batch, time / stride, 3 · channels], taps in order (t − 1, t, t + 1) around each output's center.
     */
    private static NDArray unfold(NDArray x, int stride) {
        Shape s = x.getShape();
        long batch = s.get(0);
        long time = s.get(1);
        long channels = s.get(2);
        NDArray zero = x.getManager().zeros(new Shape(batch, 1, channels));
        NDArray padded = zero.concat(x, 1).concat(zero, 1); // index i here is time i − 1
        if (stride == 1) {
            return padded.get(":, 0:" + time + ", :").concat(padded.get(":, 1:" + (time + 1) + ", :"), 2)
                    .concat(padded.get(":, 2:" + (time + 2) + ", :"), 2);
        }
        // Stride 2: output j needs padded 2j, 2j + 1 (a reshape of consecutive pairs) and 2j + 2.
        long out = time / 2;
        NDArray pairs = padded.get(":, 0:" + 2 * out + ", :").reshape(batch, out, 2 * channels);
        NDArray third = padded.get(":, 2:" + (2 * out + 2) + ", :").reshape(batch, out, 2 * channels).get(":, :, 0:" + channels);
        return pairs.concat(third, 2);
    }

    private NDArray block(Block b, NDArray x) {
        NDArray mid = x.add(EncoderOps.selfAttention(norm(x, b.norm1W(), b.norm1B()), b.attention(), c.heads()));
        NDArray inner = Activation.gelu(norm(mid, b.norm2W(), b.norm2B()).matMul(b.fc1W()).add(b.fc1B()));
        return mid.add(inner.matMul(b.fc2W()).add(b.fc2B()));
    }

    private static NDArray norm(NDArray x, NDArray w, NDArray bias) {
        return EncoderOps.layerNorm(x, w, bias, WhisperConfig.LAYER_NORM_EPS);
    }

    @Override
    public void close() {
        manager.close();
    }
}
