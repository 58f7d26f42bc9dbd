package io.encodingfarm.models.lm;

import io.encodingfarm.models.checkpoint.Tensor;
import io.encodingfarm.models.checkpoint.WeightSource;
import io.encodingfarm.models.lm.Architecture.Activation;
import io.encodingfarm.models.lm.Architecture.Norm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The supported Hugging Face model families: how each reads its {@code config.json}, where each stores
 * its tensors, and (for the tiny test checkpoints) what each writes. Chosen by {@code model_type}.
 */
public enum Family {
    GPT2("gpt2", "GPT2LMHeadModel") {
        @Override
        Architecture architecture(ModelConfig c) {
            int hidden = c.integer("n_embd");
            int heads = c.integer("n_head");
            c.require(!c.flag("scale_attn_by_inverse_layer_idx", false), "scale_attn_by_inverse_layer_idx", "GPT-2 variant");
            return new Architecture(this, c.integer("n_layer"), hidden, heads, heads, hidden / heads,
                    c.integer("n_inner", 4 * hidden), c.integer("vocab_size"), c.integer("n_positions"), Norm.LAYER_NORM,
                    c.number("layer_norm_epsilon", 1e-5),
                    Activation.fromHuggingFace("activation_function", c.text("activation_function", "gelu_new")),
                    false, false, 0, 0, null, 0, 1, 0);
        }

        @Override
        DecoderWeights load(WeightSource w, Architecture a) {
            Names n = new Names(w, "wte.weight", "transformer.", "");
            List<DecoderWeights.Layer> layers = new ArrayList<>();
            for (int i = 0; i < a.layers(); i++) {
                String p = "h." + i + ".";
                // GPT-2's Conv1D stores [in, out]; the canonical layout is [out, in].
                Tensor qkv = n.get(p + "attn.c_attn.weight").transposed();
                Tensor qkvBias = n.get(p + "attn.c_attn.bias");
                int h = a.hidden();
                layers.add(new DecoderWeights.Layer(n.get(p + "ln_1.weight"), n.get(p + "ln_1.bias"),
                        qkv.rowRange(0, h), qkvBias.rowRange(0, h), qkv.rowRange(h, 2 * h), qkvBias.rowRange(h, 2 * h),
                        qkv.rowRange(2 * h, 3 * h), qkvBias.rowRange(2 * h, 3 * h),
                        n.get(p + "attn.c_proj.weight").transposed(), n.get(p + "attn.c_proj.bias"),
                        n.get(p + "ln_2.weight"), n.get(p + "ln_2.bias"), null, null,
                        n.get(p + "mlp.c_fc.weight").transposed(), n.get(p + "mlp.c_fc.bias"),
                        n.get(p + "mlp.c_proj.weight").transposed(), n.get(p + "mlp.c_proj.bias")));
            }
            return new DecoderWeights(n.get("wte.weight"), n.get("wpe.weight"), layers, n.get("ln_f.weight"), n.get("ln_f.bias"));
        }

        @Override
        public Map<String, long[]> tinyTensorShapes(Architecture a) {
            Shapes s = new Shapes("transformer.");
            long h = a.hidden();
            s.put("wte.weight", a.vocabSize(), h).put("wpe.weight", a.maxPositions(), h);
            for (int i = 0; i < a.layers(); i++) {
                String p = "h." + i + ".";
                s.norm(p + "ln_1", h, true).put(p + "attn.c_attn.weight", h, 3 * h).put(p + "attn.c_attn.bias", 3 * h)
                        .put(p + "attn.c_proj.weight", h, h).put(p + "attn.c_proj.bias", h).norm(p + "ln_2", h, true)
                        .put(p + "mlp.c_fc.weight", h, a.intermediate()).put(p + "mlp.c_fc.bias", a.intermediate())
                        .put(p + "mlp.c_proj.weight", a.intermediate(), h).put(p + "mlp.c_proj.bias", h);
            }
            return s.norm("ln_f", h, true).map;
        }

        @Override
        public Map<String, Object> tinyConfig(Architecture a) {
            Map<String, Object> c = header();
            c.put("n_layer", a.layers());
            c.put("n_embd", a.hidden());
            c.put("n_head", a.heads());
            c.put("n_inner", null);
            c.put("n_positions", a.maxPositions());
            c.put("n_ctx", a.maxPositions());
            c.put("vocab_size", a.vocabSize());
            c.put("layer_norm_epsilon", 1e-5);
            c.put("activation_function", "gelu_new");
            c.put("initializer_range", 0.02);
            c.put("tie_word_embeddings", true);
            return c;
        }
    },

    OPT("opt", "OPTForCausalLM") {
        @Override
        Architecture architecture(ModelConfig c) {
            int hidden = c.integer("hidden_size");
            int heads = c.integer("num_attention_heads");
            c.require(c.flag("do_layer_norm_before", true), "do_layer_norm_before", "post-norm OPT (opt-350m) is not implemented");
            c.require(c.integer("word_embed_proj_dim", hidden) == hidden, "word_embed_proj_dim",
                    "projected embeddings (opt-350m) are not implemented");
            return new Architecture(this, c.integer("num_hidden_layers"), hidden, heads, heads, hidden / heads,
                    c.integer("ffn_dim"), c.integer("vocab_size"), c.integer("max_position_embeddings"), Norm.LAYER_NORM, 1e-5,
                    Activation.fromHuggingFace("activation_function", c.text("activation_function", "relu")),
                    false, false, 0, 0, null, 2, 1, 0);
        }

        @Override
        DecoderWeights load(WeightSource w, Architecture a) {
            Names n = new Names(w, "embed_tokens.weight", "model.decoder.", "decoder.", "");
            List<DecoderWeights.Layer> layers = new ArrayList<>();
            for (int i = 0; i < a.layers(); i++) {
                String p = "layers." + i + ".";
                String at = p + "self_attn.";
                layers.add(new DecoderWeights.Layer(n.get(p + "self_attn_layer_norm.weight"), n.find(p + "self_attn_layer_norm.bias"),
                        n.get(at + "q_proj.weight"), n.find(at + "q_proj.bias"), n.get(at + "k_proj.weight"), n.find(at + "k_proj.bias"),
                        n.get(at + "v_proj.weight"), n.find(at + "v_proj.bias"), n.get(at + "out_proj.weight"), n.find(at + "out_proj.bias"),
                        n.get(p + "final_layer_norm.weight"), n.find(p + "final_layer_norm.bias"), null, null,
                        n.get(p + "fc1.weight"), n.find(p + "fc1.bias"), n.get(p + "fc2.weight"), n.find(p + "fc2.bias")));
            }
            return new DecoderWeights(n.get("embed_tokens.weight"), n.get("embed_positions.weight"), layers,
                    n.get("final_layer_norm.weight"), n.find("final_layer_norm.bias"));
        }

        @Override
        public Map<String, long[]> tinyTensorShapes(Architecture a) {
            Shapes s = new Shapes("model.decoder.");
            long h = a.hidden();
            s.put("embed_tokens.weight", a.vocabSize(), h).put("embed_positions.weight", a.maxPositions() + 2L, h);
            for (int i = 0; i < a.layers(); i++) {
                String p = "layers." + i + ".";
                s.linear(p + "self_attn.k_proj", h, h, true).linear(p + "self_attn.v_proj", h, h, true)
                        .linear(p + "self_attn.q_proj", h, h, true).linear(p + "self_attn.out_proj", h, h, true)
                        .norm(p + "self_attn_layer_norm", h, true).linear(p + "fc1", a.intermediate(), h, true)
                        .linear(p + "fc2", h, a.intermediate(), true).norm(p + "final_layer_norm", h, true);
            }
            return s.norm("final_layer_norm", h, true).map;
        }

        @Override
        public Map<String, Object> tinyConfig(Architecture a) {
            Map<String, Object> c = header();
            c.put("num_hidden_layers", a.layers());
            c.put("hidden_size", a.hidden());
            c.put("word_embed_proj_dim", a.hidden());
            c.put("num_attention_heads", a.heads());
            c.put("ffn_dim", a.intermediate());
            c.put("max_position_embeddings", a.maxPositions());
            c.put("vocab_size", a.vocabSize());
            c.put("do_layer_norm_before", true);
            c.put("activation_function", "relu");
            c.put("enable_bias", true);
            c.put("init_std", 0.02);
            c.put("tie_word_embeddings", true);
            return c;
        }
    },

    GPT_NEOX("gpt_neox", "GPTNeoXForCausalLM") {
        @Override
        Architecture architecture(ModelConfig c) {
            int hidden = c.integer("hidden_size");
            int heads = c.integer("num_attention_heads");
            int headDim = hidden / heads;
            Rotary rotary = Rotary.of(c, 0.25);
            return new Architecture(this, c.integer("num_hidden_layers"), hidden, heads, heads, headDim,
                    c.integer("intermediate_size"), c.integer("vocab_size"), c.integer("max_position_embeddings"),
                    Norm.LAYER_NORM, c.number("layer_norm_eps", 1e-5), Activation.fromHuggingFace("hidden_act", c.text("hidden_act", "gelu")),
                    false, c.flag("use_parallel_residual", true), rotary.dims(headDim), rotary.theta(), rotary.scaling(), 0, 1, 0);
        }

        @Override
        DecoderWeights load(WeightSource w, Architecture a) {
            Names n = new Names(w, "embed_in.weight", "gpt_neox.", "");
            List<DecoderWeights.Layer> layers = new ArrayList<>();
            int d = a.headDim();
            for (int i = 0; i < a.layers(); i++) {
                String p = "layers." + i + ".";
                // The fused projection interleaves per head: [head][q|k|v][headDim] rows.
                Tensor qkv = n.get(p + "attention.query_key_value.weight");
                Tensor qkvBias = n.find(p + "attention.query_key_value.bias");
                layers.add(new DecoderWeights.Layer(n.get(p + "input_layernorm.weight"), n.find(p + "input_layernorm.bias"),
                        headRows(qkv, a.heads(), d, 0), headRows(qkvBias, a.heads(), d, 0),
                        headRows(qkv, a.heads(), d, 1), headRows(qkvBias, a.heads(), d, 1),
                        headRows(qkv, a.heads(), d, 2), headRows(qkvBias, a.heads(), d, 2),
                        n.get(p + "attention.dense.weight"), n.find(p + "attention.dense.bias"),
                        n.get(p + "post_attention_layernorm.weight"), n.find(p + "post_attention_layernorm.bias"), null, null,
                        n.get(p + "mlp.dense_h_to_4h.weight"), n.find(p + "mlp.dense_h_to_4h.bias"),
                        n.get(p + "mlp.dense_4h_to_h.weight"), n.find(p + "mlp.dense_4h_to_h.bias")));
            }
            return new DecoderWeights(n.get("embed_in.weight"), null, layers, n.get("final_layer_norm.weight"), n.find("final_layer_norm.bias"));
        }

        @Override
        public Map<String, long[]> tinyTensorShapes(Architecture a) {
            Shapes s = new Shapes("gpt_neox.");
            long h = a.hidden();
            s.put("embed_in.weight", a.vocabSize(), h);
            for (int i = 0; i < a.layers(); i++) {
                String p = "layers." + i + ".";
                s.norm(p + "input_layernorm", h, true).norm(p + "post_attention_layernorm", h, true)
                        .linear(p + "attention.query_key_value", 3 * h, h, true).linear(p + "attention.dense", h, h, true)
                        .linear(p + "mlp.dense_h_to_4h", a.intermediate(), h, true).linear(p + "mlp.dense_4h_to_h", h, a.intermediate(), true);
            }
            s.norm("final_layer_norm", h, true);
            s.map.put("embed_out.weight", new long[] {a.vocabSize(), h});
            return s.map;
        }

        @Override
        public Map<String, Object> tinyConfig(Architecture a) {
            Map<String, Object> c = header();
            c.put("num_hidden_layers", a.layers());
            c.put("hidden_size", a.hidden());
            c.put("num_attention_heads", a.heads());
            c.put("intermediate_size", a.intermediate());
            c.put("max_position_embeddings", a.maxPositions());
            c.put("vocab_size", a.vocabSize());
            c.put("rotary_pct", (double) a.rotaryDims() / a.headDim());
            c.put("rotary_emb_base", a.ropeTheta());
            c.put("layer_norm_eps", a.normEps());
            c.put("use_parallel_residual", a.parallelResidual());
            c.put("hidden_act", "gelu");
            c.put("initializer_range", 0.02);
            c.put("tie_word_embeddings", false);
            return c;
        }
    },

    LLAMA("llama", "LlamaForCausalLM"),
    MISTRAL("mistral", "MistralForCausalLM"),
    /** Qwen2 / Qwen1.5: the LLaMA layout with biases on q, k and v. */
    QWEN2("qwen2", "Qwen2ForCausalLM"),
    /** Gemma: √hidden embedding scale, GeGLU, RMSNorm with (1 + w), tied embeddings. */
    GEMMA("gemma", "GemmaForCausalLM"),
    /** StableLM: LayerNorm with bias, partial rotary, optional q/k/v bias. */
    STABLELM("stablelm", "StableLmForCausalLM");

    private final String modelType;
    private final String architectureClass;

    Family(String modelType, String architectureClass) {
        this.modelType = modelType;
        this.architectureClass = architectureClass;
    }

    public String modelType() {
        return modelType;
    }

    public static Family of(String modelType) {
        for (Family f : values()) {
            if (f.modelType.equals(modelType)) return f;
        }
        throw new IllegalArgumentException("model_type \"" + modelType + "\" is not supported; supported: " + supported());
    }

    public static String supported() {
        return Arrays.stream(values()).map(Family::modelType).collect(Collectors.joining(", "));
    }

    /** The LLaMA layout is the default; families with their own layout override all four. */
    Architecture architecture(ModelConfig c) {
        int hidden = c.integer("hidden_size");
        int heads = c.integer("num_attention_heads");
        int headDim = c.integer("head_dim", hidden / heads);
        c.require(this != STABLELM || !c.flag("qk_layernorm", false), "qk_layernorm", "per-head q/k norms are not implemented");
        c.require(!c.flag("use_sliding_window", false), "use_sliding_window", "per-layer sliding windows (Qwen2) are not implemented");
        c.require(this != STABLELM || !c.flag("use_parallel_residual", false), "use_parallel_residual",
                "parallel StableLM blocks are not implemented");
        boolean gemma = this == GEMMA;
        boolean stablelm = this == STABLELM;
        String activationKey = gemma ? "hidden_activation" : "hidden_act";
        Activation activation = Activation.fromHuggingFace(activationKey, c.text(activationKey, gemma ? "gelu_pytorch_tanh" : "silu"));
        Rotary rotary = Rotary.of(c, stablelm ? 0.25 : 1);
        return new Architecture(this, c.integer("num_hidden_layers"), hidden, heads,
                c.integer("num_key_value_heads", heads), headDim, c.integer("intermediate_size"), c.integer("vocab_size"),
                c.integer("max_position_embeddings"),
                gemma ? Norm.RMS_NORM_PLUS_ONE : stablelm ? Norm.LAYER_NORM : Norm.RMS_NORM,
                stablelm ? c.number("layer_norm_eps", 1e-5) : c.number("rms_norm_eps", 1e-6), activation, true, false,
                rotary.dims(headDim), rotary.theta(), rotary.scaling(), 0, gemma ? Math.sqrt(hidden) : 1,
                this == MISTRAL ? c.integer("sliding_window", 0) : 0);
    }

    DecoderWeights load(WeightSource w, Architecture a) {
        Names n = new Names(w, "embed_tokens.weight", "model.", "");
        List<DecoderWeights.Layer> layers = new ArrayList<>();
        for (int i = 0; i < a.layers(); i++) {
            String p = "layers." + i + ".";
            String at = p + "self_attn.";
            layers.add(new DecoderWeights.Layer(n.get(p + "input_layernorm.weight"), n.find(p + "input_layernorm.bias"),
                    n.get(at + "q_proj.weight"), n.find(at + "q_proj.bias"), n.get(at + "k_proj.weight"), n.find(at + "k_proj.bias"),
                    n.get(at + "v_proj.weight"), n.find(at + "v_proj.bias"), n.get(at + "o_proj.weight"), n.find(at + "o_proj.bias"),
                    n.get(p + "post_attention_layernorm.weight"), n.find(p + "post_attention_layernorm.bias"),
                    n.get(p + "mlp.gate_proj.weight"), n.find(p + "mlp.gate_proj.bias"),
                    n.get(p + "mlp.up_proj.weight"), n.find(p + "mlp.up_proj.bias"),
                    n.get(p + "mlp.down_proj.weight"), n.find(p + "mlp.down_proj.bias")));
        }
        return new DecoderWeights(n.get("embed_tokens.weight"), null, layers, n.get("norm.weight"), n.find("norm.bias"));
    }

    public Map<String, long[]> tinyTensorShapes(Architecture a) {
        Shapes s = new Shapes("model.");
        long h = a.hidden();
        long q = (long) a.heads() * a.headDim();
        long kv = (long) a.kvHeads() * a.headDim();
        boolean layerNorm = a.norm() == Norm.LAYER_NORM;
        boolean qkvBias = this == QWEN2 || this == STABLELM;
        s.put("embed_tokens.weight", a.vocabSize(), h);
        for (int i = 0; i < a.layers(); i++) {
            String p = "layers." + i + ".";
            s.norm(p + "input_layernorm", h, layerNorm).linear(p + "self_attn.q_proj", q, h, qkvBias)
                    .linear(p + "self_attn.k_proj", kv, h, qkvBias).linear(p + "self_attn.v_proj", kv, h, qkvBias)
                    .linear(p + "self_attn.o_proj", h, q, false).norm(p + "post_attention_layernorm", h, layerNorm)
                    .linear(p + "mlp.gate_proj", a.intermediate(), h, false).linear(p + "mlp.up_proj", a.intermediate(), h, false)
                    .linear(p + "mlp.down_proj", h, a.intermediate(), false);
        }
        s.norm("norm", h, layerNorm);
        if (this != GEMMA) s.map.put("lm_head.weight", new long[] {a.vocabSize(), h});
        return s.map;
    }

    public Map<String, Object> tinyConfig(Architecture a) {
        Map<String, Object> c = header();
        c.put("num_hidden_layers", a.layers());
        c.put("hidden_size", a.hidden());
        c.put("num_attention_heads", a.heads());
        c.put("num_key_value_heads", a.kvHeads());
        c.put("head_dim", a.headDim());
        c.put("intermediate_size", a.intermediate());
        c.put("max_position_embeddings", a.maxPositions());
        c.put("vocab_size", a.vocabSize());
        c.put("rope_theta", a.ropeTheta());
        c.put("initializer_range", 0.02);
        c.put("tie_word_embeddings", this == GEMMA);
        switch (this) {
            case GEMMA -> {
                c.put("hidden_act", "gelu");
                c.put("hidden_activation", "gelu_pytorch_tanh");
                c.put("rms_norm_eps", a.normEps());
            }
            case STABLELM -> {
                c.put("hidden_act", "silu");
                c.put("layer_norm_eps", a.normEps());
                c.put("partial_rotary_factor", (double) a.rotaryDims() / a.headDim());
                c.put("use_qkv_bias", true);
                c.put("qk_layernorm", false);
                c.put("use_parallel_residual", false);
            }
            default -> {
                c.put("hidden_act", "silu");
                c.put("rms_norm_eps", a.normEps());
                c.put("attention_bias", false);
                if (this == MISTRAL) c.put("sliding_window", null);
            }
        }
        return c;
    }

    /**
     * Rotary settings, from either config layout: transformers 4 keeps {@code rope_theta} (NeoX:
     * {@code rotary_emb_base}), {@code rotary_pct} / {@code partial_rotary_factor} and {@code rope_scaling} at
     * the top; transformers 5 writes them all into {@code rope_parameters}.
     */
    record Rotary(double theta, double fraction, Architecture.RopeScaling scaling) {
        static Rotary of(ModelConfig c, double defaultFraction) {
            ModelConfig p = c.nested("rope_parameters");
            double theta = c.number("rope_theta", c.number("rotary_emb_base", 10000));
            double fraction = c.number("partial_rotary_factor", c.number("rotary_pct", defaultFraction));
            ModelConfig scaling = c.nested("rope_scaling");
            String scalingKey = "rope_scaling";
            if (p != null) {
                theta = p.number("rope_theta", theta);
                fraction = p.number("partial_rotary_factor", fraction);
                scaling = p;
                scalingKey = "rope_parameters";
            }
            if (scaling == null) return new Rotary(theta, fraction, null);
            String type = scaling.text("rope_type", scaling.text("type", "default"));
            c.require(Architecture.RopeScaling.SUPPORTED.contains(type), scalingKey,
                    "rotary types supported: " + Architecture.RopeScaling.SUPPORTED);
            if (type.equals("default")) return new Rotary(theta, fraction, null);
            return new Rotary(theta, fraction, new Architecture.RopeScaling(type, scaling.number("factor", 1),
                    scaling.number("low_freq_factor", 1), scaling.number("high_freq_factor", 4),
                    scaling.integer("original_max_position_embeddings", c.integer("max_position_embeddings"))));
        }

        /** Rotating dimensions of a head: the fraction's share, rounded down to an even count. */
        int dims(int headDim) {
            return (int) (headDim * fraction) / 2 * 2;
        }
    }

    /** Hugging Face's initializer for untrained variants. */
    static double initializerRange(ModelConfig c) {
        return c.number("initializer_range", c.number("init_std", 0.02));
    }

    Map<String, Object> header() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("architectures", List.of(architectureClass));
        c.put("model_type", modelType);
        c.put("torch_dtype", "float32");
        return c;
    }

    @Override
    public String toString() {
        return modelType;
    }

    /** Rows {@code [head][part][headDim]} of a per-head interleaved fused projection: one part, all heads. */
    private static Tensor headRows(Tensor fused, int heads, int headDim, int part) {
        if (fused == null) return null;
        int width = fused.columns();
        float[] out = new float[heads * headDim * width];
        for (int h = 0; h < heads; h++) {
            int from = ((h * 3 + part) * headDim) * width;
            System.arraycopy(fused.values(), from, out, h * headDim * width, headDim * width);
        }
        long[] shape = fused.shape().clone();
        shape[0] = (long) heads * headDim;
        return new Tensor(shape, out);
    }

    /** Tensor names under whichever prefix this checkpoint uses (a full model or its bare base model). */
    private static final class Names {
        private final WeightSource source;
        private final String prefix;

        Names(WeightSource source, String probe, String... prefixes) {
            this.source = source;
            for (String p : prefixes) {
                if (source.contains(p + probe)) {
                    this.prefix = p;
                    return;
                }
            }
            throw new IllegalArgumentException("the checkpoint has no tensor '" + probe + "' under any of the prefixes "
                    + Arrays.toString(prefixes) + "; is config.json's model_type right?");
        }

        Tensor get(String name) {
            return source.read(prefix + name);
        }

        Tensor find(String name) {
            return source.contains(prefix + name) ? source.read(prefix + name) : null;
        }
    }

    /** Names and shapes of a family's tensors, as the tiny-checkpoint writer lays them out. */
    private static final class Shapes {
        final Map<String, long[]> map = new LinkedHashMap<>();
        private final String prefix;

        Shapes(String prefix) {
            this.prefix = prefix;
        }

        Shapes put(String name, long... shape) {
            map.put(prefix + name, shape);
            return this;
        }

        Shapes linear(String name, long out, long in, boolean bias) {
            put(name + ".weight", out, in);
            return bias ? put(name + ".bias", out) : this;
        }

        Shapes norm(String name, long width, boolean bias) {
            put(name + ".weight", width);
            return bias ? put(name + ".bias", width) : this;
        }
    }
}
