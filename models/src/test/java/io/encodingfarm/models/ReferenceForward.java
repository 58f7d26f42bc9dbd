package io.encodingfarm.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * An independent float64 forward pass, written from each family's equations for the tests: its own
 * safetensors reading (F32, single file), its own reading of config.json and of tensor names, plain
 * loops. Shares no code with the production path, so agreement means both read the checkpoint the same
 * way Hugging Face's modeling code does.
 */
public final class ReferenceForward {
    private final JsonNode config;
    private final String type;
    private final Map<String, double[]> tensors = new HashMap<>();
    private final int hidden;
    private final int heads;
    private final int kvHeads;
    private final int headDim;
    private final int layers;

    public ReferenceForward(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        config = json.readTree(dir.resolve("config.json").toFile());
        type = config.get("model_type").asText();
        byte[] file = Files.readAllBytes(dir.resolve("model.safetensors"));
        ByteBuffer buffer = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = (int) buffer.getLong(0);
        JsonNode header = json.readTree(new String(file, 8, headerLength, java.nio.charset.StandardCharsets.UTF_8));
        for (Map.Entry<String, JsonNode> e : header.properties()) {
            if (e.getKey().equals("__metadata__")) continue;
            long begin = e.getValue().get("data_offsets").get(0).asLong();
            long end = e.getValue().get("data_offsets").get(1).asLong();
            double[] values = new double[(int) ((end - begin) / 4)];
            for (int i = 0; i < values.length; i++) values[i] = buffer.getFloat((int) (8 + headerLength + begin + 4L * i));
            tensors.put(e.getKey(), values);
        }
        boolean gpt2 = type.equals("gpt2");
        hidden = config.get(gpt2 ? "n_embd" : "hidden_size").asInt();
        heads = config.get(gpt2 ? "n_head" : "num_attention_heads").asInt();
        kvHeads = config.has("num_key_value_heads") ? config.get("num_key_value_heads").asInt() : heads;
        headDim = config.hasNonNull("head_dim") ? config.get("head_dim").asInt() : hidden / heads;
        layers = config.get(gpt2 ? "n_layer" : "num_hidden_layers").asInt();
    }

    private double[] w(String name) {
        double[] t = tensors.get(name);
        if (t == null) throw new IllegalArgumentException("reference: no tensor " + name);
        return t;
    }

    /** {@code [layers + 1][tokens][hidden]}, the last after the final norm (as Hugging Face returns them). */
    public double[][][] hiddenStates(long[] ids) {
        int n = ids.length;
        double[][][] out = new double[layers + 1][][];
        double[][] x = new double[n][hidden];
        String embeddings = switch (type) {
            case "gpt2" -> "transformer.wte.weight";
            case "opt" -> "model.decoder.embed_tokens.weight";
            case "gpt_neox" -> "gpt_neox.embed_in.weight";
            default -> "model.embed_tokens.weight";
        };
        double scale = type.equals("gemma") ? Math.sqrt(hidden) : 1;
        for (int t = 0; t < n; t++) {
            for (int j = 0; j < hidden; j++) {
                x[t][j] = w(embeddings)[(int) ids[t] * hidden + j] * scale;
                if (type.equals("gpt2")) x[t][j] += w("transformer.wpe.weight")[t * hidden + j];
                if (type.equals("opt")) x[t][j] += w("model.decoder.embed_positions.weight")[(t + 2) * hidden + j];
            }
        }
        out[0] = copy(x);
        for (int l = 0; l < layers; l++) {
            x = block(l, x);
            out[l + 1] = copy(x);
        }
        out[layers] = switch (type) {
            case "gpt2" -> layerNorm(x, "transformer.ln_f", 1e-5);
            case "opt" -> layerNorm(x, "model.decoder.final_layer_norm", 1e-5);
            case "gpt_neox" -> layerNorm(x, "gpt_neox.final_layer_norm", config.get("layer_norm_eps").asDouble());
            case "stablelm" -> layerNorm(x, "model.norm", config.get("layer_norm_eps").asDouble());
            default -> rmsNorm(x, "model.norm.weight");
        };
        return out;
    }

    private double[][] block(int l, double[][] x) {
        switch (type) {
            case "gpt2" -> {
                String p = "transformer.h." + l + ".";
                double[][] qkv = conv1d(layerNorm(x, p + "ln_1", 1e-5), p + "attn.c_attn");
                double[][] q = columns(qkv, 0, hidden);
                double[][] k = columns(qkv, hidden, hidden);
                double[][] v = columns(qkv, 2 * hidden, hidden);
                double[][] y = add(x, conv1d(attend(q, k, v, 0), p + "attn.c_proj"));
                double[][] m = conv1d(layerNorm(y, p + "ln_2", 1e-5), p + "mlp.c_fc");
                return add(y, conv1d(map(m, ReferenceForward::geluTanh), p + "mlp.c_proj"));
            }
            case "opt" -> {
                String p = "model.decoder.layers." + l + ".";
                double[][] a = layerNorm(x, p + "self_attn_layer_norm", 1e-5);
                double[][] y = add(x, linear(attend(linear(a, p + "self_attn.q_proj"), linear(a, p + "self_attn.k_proj"),
                        linear(a, p + "self_attn.v_proj"), 0), p + "self_attn.out_proj"));
                double[][] m = linear(layerNorm(y, p + "final_layer_norm", 1e-5), p + "fc1");
                return add(y, linear(map(m, v -> Math.max(0, v)), p + "fc2"));
            }
            case "gpt_neox" -> {
                String p = "gpt_neox.layers." + l + ".";
                double eps = config.get("layer_norm_eps").asDouble();
                double[][] qkv = linear(layerNorm(x, p + "input_layernorm", eps), p + "attention.query_key_value");
                // [heads][3][headDim] interleaving
                double[][] q = new double[x.length][hidden];
                double[][] k = new double[x.length][hidden];
                double[][] v = new double[x.length][hidden];
                for (int t = 0; t < x.length; t++) {
                    for (int h = 0; h < heads; h++) {
                        for (int d = 0; d < headDim; d++) {
                            q[t][h * headDim + d] = qkv[t][h * 3 * headDim + d];
                            k[t][h * headDim + d] = qkv[t][h * 3 * headDim + headDim + d];
                            v[t][h * headDim + d] = qkv[t][h * 3 * headDim + 2 * headDim + d];
                        }
                    }
                }
                int rotary = (int) (headDim * config.get("rotary_pct").asDouble());
                double[][] attention = linear(attend(q, k, v, rotary), p + "attention.dense");
                boolean parallel = !config.has("use_parallel_residual") || config.get("use_parallel_residual").asBoolean();
                double[][] mid = parallel ? x : add(x, attention);
                double[][] m = linear(layerNorm(mid, p + "post_attention_layernorm", eps), p + "mlp.dense_h_to_4h");
                double[][] mlp = linear(map(m, ReferenceForward::geluExact), p + "mlp.dense_4h_to_h");
                return parallel ? add(add(x, attention), mlp) : add(mid, mlp);
            }
            default -> {
                String p = "model.layers." + l + ".";
                boolean stablelm = type.equals("stablelm");
                double eps = stablelm ? config.get("layer_norm_eps").asDouble() : 0;
                double[][] a = stablelm ? layerNorm(x, p + "input_layernorm", eps) : rmsNorm(x, p + "input_layernorm.weight");
                int rotary = stablelm ? (int) (headDim * config.get("partial_rotary_factor").asDouble()) : headDim;
                double[][] y = add(x, linear(attend(linear(a, p + "self_attn.q_proj"), linear(a, p + "self_attn.k_proj"),
                        linear(a, p + "self_attn.v_proj"), rotary), p + "self_attn.o_proj"));
                double[][] m = stablelm ? layerNorm(y, p + "post_attention_layernorm", eps) : rmsNorm(y, p + "post_attention_layernorm.weight");
                double[][] gate = linear(m, p + "mlp.gate_proj");
                double[][] up = linear(m, p + "mlp.up_proj");
                boolean gemma = type.equals("gemma");
                for (int t = 0; t < gate.length; t++) {
                    for (int j = 0; j < gate[t].length; j++) {
                        double g = gate[t][j];
                        gate[t][j] = (gemma ? geluTanh(g) : g / (1 + Math.exp(-g))) * up[t][j];
                    }
                }
                return add(y, linear(gate, p + "mlp.down_proj"));
            }
        }
    }

    /** Causal multi-head attention; query head h reads key/value head h / (heads / kvHeads). */
    private double[][] attend(double[][] q, double[][] k, double[][] v, int rotary) {
        int n = q.length;
        double theta = config.has("rope_theta") ? config.get("rope_theta").asDouble()
                : config.has("rotary_emb_base") ? config.get("rotary_emb_base").asDouble() : 10000;
        double[][] out = new double[n][heads * headDim];
        int group = heads / kvHeads;
        for (int h = 0; h < heads; h++) {
            int kvh = h / group;
            double[][] qh = new double[n][];
            double[][] kh = new double[n][];
            for (int t = 0; t < n; t++) {
                qh[t] = rope(java.util.Arrays.copyOfRange(q[t], h * headDim, (h + 1) * headDim), t, rotary, theta);
                kh[t] = rope(java.util.Arrays.copyOfRange(k[t], kvh * headDim, (kvh + 1) * headDim), t, rotary, theta);
            }
            for (int t = 0; t < n; t++) {
                double[] score = new double[t + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int s = 0; s <= t; s++) {
                    double dot = 0;
                    for (int d = 0; d < headDim; d++) dot += qh[t][d] * kh[s][d];
                    score[s] = dot / Math.sqrt(headDim);
                    max = Math.max(max, score[s]);
                }
                double total = 0;
                for (int s = 0; s <= t; s++) total += score[s] = Math.exp(score[s] - max);
                for (int s = 0; s <= t; s++) {
                    for (int d = 0; d < headDim; d++) out[t][h * headDim + d] += score[s] / total * v[s][kvh * headDim + d];
                }
            }
        }
        return out;
    }

    /** Rotary embedding of the first {@code rotary} dims: pairs (i, i + rotary/2) turn by t·θ^(−2i/rotary). */
    private static double[] rope(double[] x, int t, int rotary, double theta) {
        double[] y = x.clone();
        for (int i = 0; i < rotary / 2; i++) {
            double angle = t * Math.pow(theta, -2.0 * i / rotary);
            double a = x[i];
            double b = x[i + rotary / 2];
            y[i] = a * Math.cos(angle) - b * Math.sin(angle);
            y[i + rotary / 2] = b * Math.cos(angle) + a * Math.sin(angle);
        }
        return y;
    }

    private double[][] layerNorm(double[][] x, String name, double eps) {
        double[] g = w(name + ".weight");
        double[] b = w(name + ".bias");
        double[][] y = new double[x.length][x[0].length];
        for (int t = 0; t < x.length; t++) {
            double mean = 0;
            for (double v : x[t]) mean += v / x[t].length;
            double var = 0;
            for (double v : x[t]) var += (v - mean) * (v - mean) / x[t].length;
            for (int j = 0; j < x[t].length; j++) y[t][j] = (x[t][j] - mean) / Math.sqrt(var + eps) * g[j] + b[j];
        }
        return y;
    }

    private double[][] rmsNorm(double[][] x, String name) {
        double[] g = w(name);
        double eps = config.get("rms_norm_eps").asDouble();
        boolean plusOne = type.equals("gemma");
        double[][] y = new double[x.length][x[0].length];
        for (int t = 0; t < x.length; t++) {
            double ms = 0;
            for (double v : x[t]) ms += v * v / x[t].length;
            for (int j = 0; j < x[t].length; j++) y[t][j] = x[t][j] / Math.sqrt(ms + eps) * (plusOne ? 1 + g[j] : g[j]);
        }
        return y;
    }

    /** nn.Linear: weight [out, in], optional bias. */
    private double[][] linear(double[][] x, String name) {
        double[] wt = w(name + ".weight");
        double[] b = tensors.get(name + ".bias");
        int in = x[0].length;
        int out = wt.length / in;
        double[][] y = new double[x.length][out];
        for (int t = 0; t < x.length; t++) {
            for (int o = 0; o < out; o++) {
                double s = b == null ? 0 : b[o];
                for (int i = 0; i < in; i++) s += wt[o * in + i] * x[t][i];
                y[t][o] = s;
            }
        }
        return y;
    }

    /** GPT-2's Conv1D: weight [in, out], bias. */
    private double[][] conv1d(double[][] x, String name) {
        double[] wt = w(name + ".weight");
        double[] b = w(name + ".bias");
        int in = x[0].length;
        int out = b.length;
        double[][] y = new double[x.length][out];
        for (int t = 0; t < x.length; t++) {
            for (int o = 0; o < out; o++) {
                double s = b[o];
                for (int i = 0; i < in; i++) s += x[t][i] * wt[i * out + o];
                y[t][o] = s;
            }
        }
        return y;
    }

    private static double geluTanh(double x) {
        return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
    }

    private static double geluExact(double x) {
        return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
    }

    /** erf by its Maclaurin series (exact to ~1e-12 where it matters; saturated beyond |x| = 6). */
    static double erf(double x) {
        if (Math.abs(x) > 6) return Math.signum(x);
        double term = x;
        double sum = x;
        for (int n = 1; n < 200; n++) {
            term *= -x * x / n;
            double contribution = term / (2 * n + 1);
            sum += contribution;
            if (Math.abs(contribution) < 1e-17) break;
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    private static double[][] columns(double[][] x, int from, int count) {
        double[][] y = new double[x.length][];
        for (int t = 0; t < x.length; t++) y[t] = java.util.Arrays.copyOfRange(x[t], from, from + count);
        return y;
    }

    private static double[][] add(double[][] a, double[][] b) {
        double[][] y = new double[a.length][a[0].length];
        for (int t = 0; t < a.length; t++) {
            for (int j = 0; j < a[t].length; j++) y[t][j] = a[t][j] + b[t][j];
        }
        return y;
    }

    private static double[][] map(double[][] x, java.util.function.DoubleUnaryOperator f) {
        double[][] y = new double[x.length][x[0].length];
        for (int t = 0; t < x.length; t++) {
            for (int j = 0; j < x[t].length; j++) y[t][j] = f.applyAsDouble(x[t][j]);
        }
        return y;
    }

    private static double[][] copy(double[][] x) {
        double[][] y = new double[x.length][];
        for (int t = 0; t < x.length; t++) y[t] = x[t].clone();
        return y;
    }

    /** Largest |a − b| over the largest |b|: the tests' relative error of one layer. */
    public static double relativeError(float[][] actual, double[][] expected) {
        double diff = 0;
        double scale = 0;
        for (int t = 0; t < expected.length; t++) {
            for (int j = 0; j < expected[t].length; j++) {
                diff = Math.max(diff, Math.abs(actual[t][j] - expected[t][j]));
                scale = Math.max(scale, Math.abs(expected[t][j]));
            }
        }
        return diff / scale;
    }
}
