package io.encodingfarm.models.speech;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.LayerNorm;
import io.encodingfarm.models.checkpoint.Tensor;
import io.encodingfarm.models.checkpoint.WeightSource;

/** The pieces the speech encoders share: weight upload, layer norm and bidirectional multi-head attention over [batch, time, hidden]. */
final class EncoderOps {
    /** Projections stored as [in, out] so that each is one matMul; a null bias is absent (Whisper's k_proj). */
    record Attention(NDArray qW, NDArray qB, NDArray kW, NDArray kB, NDArray vW, NDArray vB, NDArray oW, NDArray oB) {
        static Attention load(NDManager m, WeightSource w, String prefix, String outName) {
            String k = prefix + "k_proj.bias";
            return new Attention(matrix(m, w, prefix + "q_proj.weight"), vector(m, w, prefix + "q_proj.bias"),
                    matrix(m, w, prefix + "k_proj.weight"), w.contains(k) ? vector(m, w, k) : null,
                    matrix(m, w, prefix + "v_proj.weight"), vector(m, w, prefix + "v_proj.bias"),
                    matrix(m, w, prefix + outName + ".weight"), vector(m, w, prefix + outName + ".bias"));
        }
    }

    private EncoderOps() {
    }

    static NDArray vector(NDManager m, WeightSource w, String name) {
        Tensor t = w.read(name);
        return m.create(t.values(), new Shape(t.shape()));
    }

    /** A [out, in] Linear weight uploaded as [in, out]. */
    static NDArray matrix(NDManager m, WeightSource w, String name) {
        Tensor t = w.read(name).transposed();
        return m.create(t.values(), new Shape(t.shape()));
    }

    static NDArray linear(NDArray x, NDArray w, NDArray bias) {
        NDArray y = x.matMul(w);
        return bias == null ? y : y.add(bias);
    }

    static NDArray layerNorm(NDArray x, NDArray w, NDArray bias, double eps) {
        return LayerNorm.layerNorm(x, new Shape(x.getShape().get(x.getShape().dimension() - 1)), w, bias, (float) eps).singletonOrThrow();
    }

    /** Every frame attends to every frame of its clip (no mask: the clip's padding is part of its input). */
    static NDArray selfAttention(NDArray x, Attention a, int heads) {
        Shape s = x.getShape();
        long batch = s.get(0);
        long time = s.get(1);
        long hidden = s.get(2);
        long headDim = hidden / heads;
        NDArray q = split(linear(x, a.qW(), a.qB()).mul((float) (1 / Math.sqrt(headDim))), heads);
        NDArray k = split(linear(x, a.kW(), a.kB()), heads);
        NDArray v = split(linear(x, a.vW(), a.vB()), heads);
        NDArray context = q.matMul(k.transpose(0, 1, 3, 2)).softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(batch, time, hidden);
        return linear(context, a.oW(), a.oB());
    }

    private static NDArray split(NDArray x, int heads) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), heads, s.get(2) / heads).transpose(0, 2, 1, 3);
    }
}
