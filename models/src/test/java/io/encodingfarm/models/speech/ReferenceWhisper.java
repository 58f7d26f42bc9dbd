package io.encodingfarm.models.speech;

import io.encodingfarm.models.checkpoint.Safetensors;
import java.nio.file.Path;

/**
 * Whisper's encoder in float64 plain Java, written from the architecture's equations with direct
 * convolution loops and per-head attention; shares nothing with the DJL path but the weight reader.
 */
final class ReferenceWhisper {
    private final WhisperConfig c;
    private final Safetensors w;

    ReferenceWhisper(Path checkpoint) {
        this.c = WhisperConfig.read(checkpoint);
        this.w = Safetensors.open(checkpoint);
    }

    private double[] t(String name) {
        float[] v = w.read("model.encoder." + name).values();
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }

    /** [hiddenStateCount][1500][dModel] for one [melBins × 3000] log-mel input. */
    double[][][] hiddenStates(float[] logMel) {
        int d = c.dModel();
        double[][] mel = new double[3000][c.melBins()];
        for (int m = 0; m < c.melBins(); m++) {
            for (int f = 0; f < 3000; f++) mel[f][m] = logMel[m * 3000 + f];
        }
        double[][] h1 = conv(mel, t("conv1.weight"), t("conv1.bias"), 1);
        double[][] x = conv(h1, t("conv2.weight"), t("conv2.bias"), 2);
        double[] pos = t("embed_positions.weight");
        for (int f = 0; f < x.length; f++) {
            for (int j = 0; j < d; j++) x[f][j] += pos[f * d + j];
        }
        double[][][] out = new double[c.layers() + 1][][];
        out[0] = x;
        for (int i = 0; i < c.layers(); i++) {
            String l = "layers." + i + ".";
            double[][] a = attention(layerNorm(x, l + "self_attn_layer_norm"), l + "self_attn.");
            double[][] mid = new double[x.length][d];
            for (int f = 0; f < x.length; f++) {
                for (int j = 0; j < d; j++) mid[f][j] = x[f][j] + a[f][j];
            }
            double[][] inner = linear(layerNorm(mid, l + "final_layer_norm"), t(l + "fc1.weight"), t(l + "fc1.bias"));
            for (double[] row : inner) {
                for (int j = 0; j < row.length; j++) row[j] = 0.5 * row[j] * (1 + erf(row[j] / Math.sqrt(2)));
            }
            double[][] mlp = linear(inner, t(l + "fc2.weight"), t(l + "fc2.bias"));
            x = new double[mid.length][d];
            for (int f = 0; f < x.length; f++) {
                for (int j = 0; j < d; j++) x[f][j] = mid[f][j] + mlp[f][j];
            }
            out[i + 1] = i == c.layers() - 1 ? layerNorm(x, "layer_norm") : x;
        }
        return out;
    }

    /** Kernel 3, padding 1, then GELU; weight [out][in][3]. */
    private double[][] conv(double[][] in, double[] weight, double[] bias, int stride) {
        int inCh = in[0].length;
        int outCh = bias.length;
        int n = in.length / stride;
        double[][] out = new double[n][outCh];
        for (int f = 0; f < n; f++) {
            for (int o = 0; o < outCh; o++) {
                double s = bias[o];
                for (int k = 0; k < 3; k++) {
                    int src = f * stride + k - 1;
                    if (src < 0 || src >= in.length) continue;
                    for (int i = 0; i < inCh; i++) s += weight[(o * inCh + i) * 3 + k] * in[src][i];
                }
                out[f][o] = 0.5 * s * (1 + erf(s / Math.sqrt(2)));
            }
        }
        return out;
    }

    private double[][] layerNorm(double[][] x, String name) {
        double[] g = t(name + ".weight");
        double[] b = t(name + ".bias");
        double[][] out = new double[x.length][];
        for (int f = 0; f < x.length; f++) {
            double mean = 0;
            for (double v : x[f]) mean += v / x[f].length;
            double var = 0;
            for (double v : x[f]) var += (v - mean) * (v - mean) / x[f].length;
            out[f] = new double[x[f].length];
            for (int j = 0; j < x[f].length; j++) out[f][j] = (x[f][j] - mean) / Math.sqrt(var + 1e-5) * g[j] + b[j];
        }
        return out;
    }

    /** y = x Wᵀ + b with W stored [out][in]; a null bias is zero. */
    private static double[][] linear(double[][] x, double[] weight, double[] bias) {
        int in = x[0].length;
        int out = weight.length / in;
        double[][] y = new double[x.length][out];
        for (int f = 0; f < x.length; f++) {
            for (int o = 0; o < out; o++) {
                double s = bias == null ? 0 : bias[o];
                for (int i = 0; i < in; i++) s += weight[o * in + i] * x[f][i];
                y[f][o] = s;
            }
        }
        return y;
    }

    private double[][] attention(double[][] x, String p) {
        int n = x.length;
        int hd = c.headDim();
        double[][] q = linear(x, t(p + "q_proj.weight"), t(p + "q_proj.bias"));
        double[][] k = linear(x, t(p + "k_proj.weight"), null);
        double[][] v = linear(x, t(p + "v_proj.weight"), t(p + "v_proj.bias"));
        double[][] context = new double[n][c.dModel()];
        double[] scores = new double[n];
        for (int h = 0; h < c.heads(); h++) {
            for (int i = 0; i < n; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int e = 0; e < hd; e++) s += q[i][h * hd + e] * k[j][h * hd + e];
                    scores[j] = s / Math.sqrt(hd);
                    max = Math.max(max, scores[j]);
                }
                double sum = 0;
                for (int j = 0; j < n; j++) sum += scores[j] = Math.exp(scores[j] - max);
                for (int j = 0; j < n; j++) {
                    double a = scores[j] / sum;
                    for (int e = 0; e < hd; e++) context[i][h * hd + e] += a * v[j][h * hd + e];
                }
            }
        }
        return linear(context, t(p + "out_proj.weight"), t(p + "out_proj.bias"));
    }

    /** erf to ~1e-15 by its Taylor series (small |x|) or continued fraction tail (large |x|). */
    static double erf(double x) {
        double a = Math.abs(x);
        double r;
        if (a < 3) {
            double term = a;
            double sum = a;
            for (int n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
                term *= -a * a / n;
                sum += term / (2 * n + 1);
            }
            r = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            double f = 0;
            for (int n = 60; n >= 1; n--) f = n / 2.0 / (a + f);
            r = 1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / (a + f);
        }
        return x < 0 ? -r : r;
    }
}
