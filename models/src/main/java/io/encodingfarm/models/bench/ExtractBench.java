package io.encodingfarm.models.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.encodingfarm.models.checkpoint.TinyCheckpoints;
import io.encodingfarm.models.lm.Architecture;
import io.encodingfarm.models.lm.CausalLm;
import io.encodingfarm.models.lm.DjlRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * Times the feature-extraction forward pass on a randomly initialized GPT-2-small-shaped checkpoint
 * (12 layers, 768 hidden, 12 heads, 1024 positions, 50257 embedding rows: 124M parameters) and compares its arithmetic rate with a float32 matmul measured by the
 * same engine on the same device in the same run.
 */
public final class ExtractBench {
    /** GPT-2's vocab_size, so the checkpoint has GPT-2 small's 124M parameters. */
    private static final int GPT2_VOCAB = 50257;

    private ExtractBench() {
    }

    /**
     * @param workDir     where the checkpoint is written once and reused (about 500 MB)
     * @param device      cpu, gpu or auto
     * @param tokens      sequence length of each forward pass (at most 1024)
     * @param repetitions timed forward passes, after one warm-up, each preceded by a matmul peak measurement
     * @return a human-readable report, one measurement per line
     */
    public static String run(Path workDir, String device, int tokens, int repetitions) {
        if (tokens < 1 || tokens > 1024 || repetitions < 1) {
            throw new IllegalArgumentException("need 1 ≤ tokens ≤ 1024 and repetitions ≥ 1, got " + tokens + ", " + repetitions);
        }
        Path checkpoint = workDir.resolve("gpt2-small-random");
        try {
            if (!Files.isRegularFile(checkpoint.resolve("model.safetensors"))) {
                TinyCheckpoints.write("gpt2", 12, 768, 12, GPT2_VOCAB, 1024, 0, checkpoint);
            }
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("cannot write the benchmark checkpoint under " + workDir, e.getCause());
        }
        try (CausalLm lm = CausalLm.open(checkpoint, OptionalLong.empty(), device);
             NDManager manager = NDManager.newBaseManager(DjlRuntime.device(device), DjlRuntime.ENGINE)) {
            Architecture a = lm.architecture();
            long[] ids = new long[tokens];
            SplittableRandom random = new SplittableRandom(1);
            for (int i = 0; i < tokens; i++) ids[i] = random.nextInt(a.vocabSize());
            double flops = forwardFlops(a, tokens);
            lm.hiddenStates(ids, 0);
            // On shared CPUs the available speed drifts; the peak is measured right before each pass and
            // each pass is compared with its own peak.
            double[] seconds = new double[repetitions];
            double[] peaks = new double[repetitions];
            double[] fractions = new double[repetitions];
            for (int r = 0; r < repetitions; r++) {
                peaks[r] = matmulPeak(manager);
                long start = System.nanoTime();
                lm.hiddenStates(ids, 0);
                seconds[r] = (System.nanoTime() - start) / 1e9;
                fractions[r] = flops / seconds[r] / 1e9 / peaks[r];
            }
            double best = Arrays.stream(seconds).min().orElseThrow();
            return String.join("\n",
                    "model                 gpt2-shaped, " + a.layers() + " layers, hidden " + a.hidden() + ", "
                            + lm.parameterCount() / 1_000_000 + "M stored parameters",
                    "device                " + DjlRuntime.device(device) + " (" + DjlRuntime.ENGINE + " engine)",
                    "batch                 1 sequence × " + tokens + " tokens, " + repetitions + " timed passes",
                    format("seconds per pass      %.3f median, ", median(seconds)) + format("%.3f best", best),
                    format("tokens/s              %.0f median, ", tokens / median(seconds)) + format("%.0f best", tokens / best),
                    format("forward GFLOP         %.1f (projections, MLP, attention scores and mixing)", flops / 1e9),
                    format("achieved GFLOP/s      %.1f median, ", flops / median(seconds) / 1e9) + format("%.1f best", flops / best / 1e9),
                    format("matmul peak GFLOP/s   %.1f median, ", median(peaks)) + format("%.1f best (float32 2048² matMul,"
                            + " same engine and device, measured before each pass)", Arrays.stream(peaks).max().orElseThrow()),
                    format("fraction of peak      %.0f %% median over passes (each against its own peak)", 100 * median(fractions)),
                    "peak resident memory  " + peakResidentMemory());
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Multiply-adds ×2 of one forward pass: q/k/v/o and MLP projections, plus QKᵀ and PV over the full T×T square. */
    static double forwardFlops(Architecture a, int tokens) {
        double t = tokens;
        double h = a.hidden();
        double qkv = (double) (a.heads() + 2 * a.kvHeads()) * a.headDim();
        double perLayer = 2 * t * h * (qkv + (double) a.heads() * a.headDim())
                + 2 * t * h * a.intermediate() * (a.gatedMlp() ? 3 : 2)
                + 4 * t * t * (double) a.heads() * a.headDim();
        return perLayer * a.layers();
    }

    /** Best of three float32 2048² products, in GFLOP/s. */
    static double matmulPeak(NDManager manager) {
        int n = 2048;
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.randomUniform(-1, 1, new Shape(n, n));
            NDArray y = scope.randomUniform(-1, 1, new Shape(n, n));
            x.matMul(y).toFloatArray();
            double best = Double.MAX_VALUE;
            for (int r = 0; r < 3; r++) {
                long start = System.nanoTime();
                NDArray z = x.matMul(y);
                z.toFloatArray(); // forces completion on asynchronous devices
                best = Math.min(best, (System.nanoTime() - start) / 1e9);
                z.close();
            }
            return 2.0 * n * n * n / best / 1e9;
        }
    }

    static String peakResidentMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return line.substring(6).trim() + " (process high-water mark)";
            }
        } catch (IOException | UncheckedIOException e) {
            // not Linux: fall through
        }
        return "unknown (no /proc/self/status)";
    }

    private static String format(String pattern, double value) {
        return String.format(Locale.ROOT, pattern, value);
    }
}
