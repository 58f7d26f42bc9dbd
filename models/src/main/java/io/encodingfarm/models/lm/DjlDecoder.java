package io.encodingfarm.models.lm;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import io.encodingfarm.models.checkpoint.Tensor;
import io.encodingfarm.models.lm.Architecture.Norm;
import java.util.ArrayList;
import java.util.List;

/**
 * The decoder's forward pass over DJL NDArrays (PyTorch engine), float32, one sequence at a time.
 * Returns hidden states the way Hugging Face's {@code output_hidden_states} does: the embedding output,
 * then each block's output, the last one after the final norm.
 */
final class DjlDecoder implements AutoCloseable {
    private final Architecture a;
    private final NDManager manager;
    // Embedding lookups are cheap row copies: they stay on the Java heap and only the result is uploaded.
    private final Tensor tokenEmbedding;
    private final Tensor positionEmbedding;
    private final List<Block> blocks = new ArrayList<>();
    private final NDArray finalNormWeight;
    private final NDArray finalNormBias;

    /** Projection matrices are stored as [in, out] so that a projection is one matMul. */
    private record Block(NDArray norm1W, NDArray norm1B, NDArray qW, NDArray qB, NDArray kW, NDArray kB,
                         NDArray vW, NDArray vB, NDArray oW, NDArray oB, NDArray norm2W, NDArray norm2B,
                         NDArray gateW, NDArray gateB, NDArray upW, NDArray upB, NDArray downW, NDArray downB) {
    }

    DjlDecoder(Architecture a, DecoderWeights w, Device device) {
        DjlRuntime.configure();
        this.a = a;
        this.manager = NDManager.newBaseManager(device, DjlRuntime.ENGINE);
        this.tokenEmbedding = w.tokenEmbedding();
        this.positionEmbedding = w.positionEmbedding();
        for (DecoderWeights.Layer l : w.layers()) {
            blocks.add(new Block(normScale(l.norm1Weight()), vector(l.norm1Bias()), matrix(l.qWeight()), vector(l.qBias()),
                    matrix(l.kWeight()), vector(l.kBias()), matrix(l.vWeight()), vector(l.vBias()),
                    matrix(l.oWeight()), vector(l.oBias()), normScale(l.norm2Weight()), vector(l.norm2Bias()),
                    matrix(l.gateWeight()), vector(l.gateBias()), matrix(l.upWeight()), vector(l.upBias()),
                    matrix(l.downWeight()), vector(l.downBias())));
        }
        this.finalNormWeight = normScale(w.finalNormWeight());
        this.finalNormBias = vector(w.finalNormBias());
    }

    private NDArray matrix(Tensor t) {
        if (t == null) return null;
        Tensor inOut = t.transposed();
        return manager.create(inOut.values(), new Shape(inOut.shape()));
    }

    private NDArray vector(Tensor t) {
        return t == null ? null : manager.create(t.values(), new Shape(t.shape()));
    }

    private NDArray normScale(Tensor t) {
        NDArray w = vector(t);
        return a.norm() == Norm.RMS_NORM_PLUS_ONE ? w.add(1f) : w;
    }

    /**
     * Hidden states of tokens {@code [keepFrom, ids.length)} (earlier tokens are context only):
     * {@code [hiddenStateCount][ids.length - keepFrom][hidden]}.
     */
    float[][][] hiddenStates(long[] ids, int keepFrom) {
        int n = ids.length;
        if (n == 0 || n > a.maxPositions()) {
            throw new IllegalArgumentException("a window must hold 1 to " + a.maxPositions() + " tokens, got " + n);
        }
        float[][][] out = new float[a.hiddenStateCount()][][];
        try (NDManager call = manager.newSubManager()) {
            NDArray x = call.create(embed(ids), new Shape(n, a.hidden()));
            NDArray mask = call.create(causalMask(n, a.slidingWindow()), new Shape(n, n));
            NDArray[] rotary = a.rotaryDims() > 0 ? rotaryTables(call, n) : null;
            out[0] = rows(x, keepFrom, n);
            for (int i = 0; i < blocks.size(); i++) {
                NDArray next;
                try (NDManager scope = call.newSubManager()) {
                    x.tempAttach(scope);
                    next = block(blocks.get(i), x, mask, rotary);
                    if (i == blocks.size() - 1) next = norm(next, finalNormWeight, finalNormBias);
                    next.attach(call);
                }
                x = next;
                out[i + 1] = rows(x, keepFrom, n);
            }
        }
        return out;
    }

    private float[] embed(long[] ids) {
        int h = a.hidden();
        float[] x = new float[ids.length * h];
        float[] table = tokenEmbedding.values();
        for (int t = 0; t < ids.length; t++) {
            if (ids[t] < 0 || ids[t] >= tokenEmbedding.rows()) {
                throw new IllegalArgumentException("token id " + ids[t] + " is outside the embedding table of " + tokenEmbedding.rows() + " rows");
            }
            int from = (int) ids[t] * h;
            for (int j = 0; j < h; j++) x[t * h + j] = (float) (table[from + j] * a.embeddingScale());
            if (positionEmbedding != null) {
                int p = (t + a.positionOffset()) * h;
                for (int j = 0; j < h; j++) x[t * h + j] += positionEmbedding.values()[p + j];
            }
        }
        return x;
    }

    /** 0 where query i may attend to key j (j ≤ i, and i − j < window when there is one), −∞ elsewhere. */
    private static float[] causalMask(int n, int window) {
        float[] mask = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                boolean visible = j <= i && (window <= 0 || i - j < window);
                if (!visible) mask[i * n + j] = Float.NEGATIVE_INFINITY;
            }
        }
        return mask;
    }

    /** cos and sin of position × frequency, [n, rotaryDims], in the "rotate half" layout (frequencies repeated twice). */
    private NDArray[] rotaryTables(NDManager m, int n) {
        int r = a.rotaryDims();
        double[] frequencies = a.inverseFrequencies();
        float[] cos = new float[n * r];
        float[] sin = new float[n * r];
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < r / 2; i++) {
                double angle = t * frequencies[i];
                cos[t * r + i] = cos[t * r + i + r / 2] = (float) Math.cos(angle);
                sin[t * r + i] = sin[t * r + i + r / 2] = (float) Math.sin(angle);
            }
        }
        return new NDArray[] {m.create(cos, new Shape(n, r)), m.create(sin, new Shape(n, r))};
    }

    private NDArray block(Block b, NDArray x, NDArray mask, NDArray[] rotary) {
        NDArray attention = attention(b, norm(x, b.norm1W(), b.norm1B()), mask, rotary);
        if (a.parallelResidual()) return x.add(attention).add(mlp(b, norm(x, b.norm2W(), b.norm2B())));
        NDArray mid = x.add(attention);
        return mid.add(mlp(b, norm(mid, b.norm2W(), b.norm2B())));
    }

    private NDArray norm(NDArray x, NDArray w, NDArray bias) {
        float eps = (float) a.normEps();
        NDArray y;
        if (a.norm() == Norm.LAYER_NORM) {
            NDArray centered = x.sub(x.mean(new int[] {-1}, true));
            y = centered.div(centered.square().mean(new int[] {-1}, true).add(eps).sqrt());
        } else {
            y = x.div(x.square().mean(new int[] {-1}, true).add(eps).sqrt());
        }
        y = y.mul(w);
        return bias == null ? y : y.add(bias);
    }

    private static NDArray project(NDArray x, NDArray w, NDArray bias) {
        NDArray y = x.matMul(w);
        return bias == null ? y : y.add(bias);
    }

    private NDArray attention(Block b, NDArray x, NDArray mask, NDArray[] rotary) {
        long n = x.getShape().get(0);
        int d = a.headDim();
        NDArray q = heads(project(x, b.qW(), b.qB()), n, a.heads());
        NDArray k = heads(project(x, b.kW(), b.kB()), n, a.kvHeads());
        NDArray v = heads(project(x, b.vW(), b.vB()), n, a.kvHeads());
        if (rotary != null) {
            q = rotate(q, rotary);
            k = rotate(k, rotary);
        }
        if (a.kvHeads() < a.heads()) {
            // Grouped-query attention: consecutive query heads share one key/value head.
            int group = a.heads() / a.kvHeads();
            k = k.repeat(0, group);
            v = v.repeat(0, group);
        }
        // Scaling q (T·d values per head) rather than the scores (T·T) saves a pass over the largest array.
        NDArray scores = q.mul((float) (1 / Math.sqrt(d))).matMul(k.transpose(0, 2, 1)).add(mask);
        NDArray context = scores.softmax(-1).matMul(v).transpose(1, 0, 2).reshape(n, (long) a.heads() * d);
        return project(context, b.oW(), b.oB());
    }

    private NDArray heads(NDArray x, long n, int count) {
        return x.reshape(n, count, a.headDim()).transpose(1, 0, 2);
    }

    private NDArray rotate(NDArray x, NDArray[] rotary) {
        int r = a.rotaryDims();
        NDArray turning = r == a.headDim() ? x : x.get(":, :, :" + r);
        NDArray half = turning.get(":, :, " + (r / 2) + ":").neg().concat(turning.get(":, :, :" + (r / 2)), -1);
        NDArray turned = turning.mul(rotary[0]).add(half.mul(rotary[1]));
        return r == a.headDim() ? turned : turned.concat(x.get(":, :, " + r + ":"), -1);
    }

    private NDArray mlp(Block b, NDArray x) {
        NDArray up = project(x, b.upW(), b.upB());
        NDArray inner = b.gateW() == null ? activate(up) : activate(project(x, b.gateW(), b.gateB())).mul(up);
        return project(inner, b.downW(), b.downB());
    }

    private NDArray activate(NDArray x) {
        return switch (a.activation()) {
            case GELU -> x.mul(x.mul((float) (1 / Math.sqrt(2))).erf().add(1f)).mul(0.5f);
            case GELU_TANH -> x.mul(x.add(x.pow(3).mul(0.044715f)).mul((float) Math.sqrt(2 / Math.PI)).tanh().add(1f)).mul(0.5f);
            case RELU -> Activation.relu(x);
            case SILU -> x.mul(Activation.sigmoid(x));
        };
    }

    private static float[][] rows(NDArray x, int from, int to) {
        int h = (int) x.getShape().get(1);
        float[] flat = (from == 0 ? x : x.get(from + ":")).toFloatArray();
        float[][] out = new float[to - from][h];
        for (int t = 0; t < out.length; t++) System.arraycopy(flat, t * h, out[t], 0, h);
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
