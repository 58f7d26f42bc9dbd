package io.encodingfarm.science.bench;

import io.encodingfarm.science.Backend;
import io.encodingfarm.science.LoroResult;
import io.encodingfarm.science.NestedLoro;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Nested leave-one-run-out ridge (seed B, 16 α) on synthetic data of a given size, against the backend's
 * own measured GEMM peak. FLOPs are counted from the algorithm (products and triangular solves; the
 * eigendecompositions and Cholesky factorizations are timed inside the total but not counted). The
 * "projections" phase includes the Cholesky solves of the outer fits.
 */
public final class RidgeBench {
    private RidgeBench() {
    }

    /** Runs the benchmark and returns the printed table. */
    public static String run(int trs, int runs, int features, int voxels) {
        if (runs < 3 || trs < runs * 2 || features < 1 || voxels < 1) {
            throw new IllegalArgumentException("need runs >= 3, trs >= 2 per run, features and voxels >= 1 (got "
                    + trs + " TRs, " + runs + " runs, " + features + " features, " + voxels + " voxels)");
        }
        double[] alphas = NestedLoro.defaultAlphas();
        List<float[][]> x = new ArrayList<>();
        List<float[][]> y = new ArrayList<>();
        int[] lengths = synthetic(trs, runs, features, voxels, x, y);

        double peakBefore = Backend.gemmGflops(2048, 2048, 2048);
        Backend.phaseSecondsAndReset();
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        LoroResult result = NestedLoro.fit(x, y, alphas);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
        Map<String, Double> phases = Backend.phaseSecondsAndReset();
        // other processes share the cores: the better of two peak measurements brackets the fit
        double peak = Math.max(peakBefore, Backend.gemmGflops(2048, 2048, 2048));
        Flops flops = count(lengths, features, voxels, alphas.length);
        int valRows = lengths[0];
        double predictionRate = Backend.gemmGflops(valRows, features, voxels);

        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "ridge benchmark: nested LORO, %d alphas, float32, backend %s, %d cores%n",
                alphas.length, Backend.name(), cores()));
        out.append(String.format(Locale.ROOT, "%-34s %s%n", "problem", trs + " TRs in " + runs + " runs x " + features
                + " features -> " + voxels + " voxels"));
        row(out, "GEMM FLOPs counted", String.format(Locale.ROOT, "%.1f GFLOP (predictions %.1f, cross products %.1f,"
                + " projections %.1f)", flops.total() / 1e9, flops.predictions / 1e9, flops.crossProducts / 1e9,
                flops.projections / 1e9));
        row(out, "factorizations (not counted)", runs + " eigendecompositions + " + runs + " Cholesky of " + features
                + "x" + features);
        row(out, "wall time", String.format(Locale.ROOT, "%.2f s (process CPU %.1f s: %.0f %% of %d cores)",
                seconds, cpuSeconds, 100 * cpuSeconds / seconds / cores(), cores()));
        row(out, "achieved (counted FLOPs / wall)", String.format(Locale.ROOT, "%.1f GFLOP/s", flops.total() / seconds / 1e9));
        row(out, "GEMM peak, 2048^3 same backend", String.format(Locale.ROOT,
                "%.1f GFLOP/s (best of before/after the fit)", peak));
        row(out, "prediction GEMM " + valRows + "x" + features + "x" + voxels,
                String.format(Locale.ROOT, "%.1f GFLOP/s (%.0f %% of peak)", predictionRate, 100 * predictionRate / peak));
        Map<String, Double> phaseFlops = Map.of("cross products", flops.crossProducts, "projections",
                flops.projections, "predictions", flops.predictions);
        phases.forEach((phase, sec) -> {
            Double f = phaseFlops.get(phase);
            row(out, "  phase " + phase, String.format(Locale.ROOT, "%.2f s", sec) + (f == null ? ""
                    : String.format(Locale.ROOT, ", %.1f GFLOP/s (%.0f %% of peak)", f / sec / 1e9,
                    100 * f / sec / 1e9 / peak)));
        });
        row(out, "achieved / peak", String.format(Locale.ROOT, "%.0f %%", 100 * flops.total() / seconds / 1e9 / peak));
        row(out, "peak RSS (this JVM)", peakRss());
        row(out, "numpy, same algorithm and data", numpy(x, y, alphas, result.scores(), seconds));
        row(out, "mean test r (sanity)", String.format(Locale.ROOT, "%.3f", mean(result.scores())));
        return out.toString();
    }

    public static void main(String[] args) {
        int[] a = args.length == 4 ? java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray()
                : new int[] {2800, 9, 1024, 25870};
        System.out.print(run(a[0], a[1], a[2], a[3]));
    }

    /**
     * Runs the bundled numpy version of the algorithm on the same data when python3 with numpy is on the
     * PATH; returns its time and the largest score difference, or why it did not run.
     */
    private static String numpy(List<float[][]> x, List<float[][]> y, double[] alphas, float[] javaScores,
                                double javaSeconds) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("ridge-bench");
            StringBuilder meta = new StringBuilder(x.get(0)[0].length + " " + y.get(0)[0].length);
            for (int r = 0; r < x.size(); r++) {
                meta.append(' ').append(x.get(r).length);
                writeFloats(dir.resolve("x" + r + ".f32"), x.get(r));
                writeFloats(dir.resolve("y" + r + ".f32"), y.get(r));
            }
            Files.writeString(dir.resolve("meta.txt"), meta.toString());
            ByteBuffer a = ByteBuffer.allocate(alphas.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (double alpha : alphas) {
                a.putDouble(alpha);
            }
            Files.write(dir.resolve("alphas.f64"), a.array());
            Path script = dir.resolve("loro_numpy.py");
            try (InputStream in = RidgeBench.class.getResourceAsStream("loro_numpy.py")) {
                Files.copy(in, script);
            }
            Process proc = new ProcessBuilder("python3", script.toString(), dir.toString()).redirectErrorStream(true)
                    .start();
            String output = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (proc.waitFor() != 0 || !output.startsWith("seconds ")) {
                return "not run: python3 failed (" + output.lines().reduce((first, last) -> last).orElse("") + ")";
            }
            String[] timing = output.substring(8).trim().split(" ");
            double seconds = Double.parseDouble(timing[0]);
            double cpu = Double.parseDouble(timing[1]);
            ByteBuffer scores = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("scores.f32")))
                    .order(ByteOrder.LITTLE_ENDIAN);
            double maxDiff = 0;
            for (float s : javaScores) {
                maxDiff = Math.max(maxDiff, Math.abs(s - scores.getFloat()));
            }
            return String.format(Locale.ROOT, "%.2f s, CPU %.1f s (numpy / Java wall time %.2f), max |score "
                    + "difference| %.1e", seconds, cpu, seconds / javaSeconds, maxDiff);
        } catch (IOException e) {
            return "not run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "not run: interrupted";
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void writeFloats(Path file, float[][] rows) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(rows.length * rows[0].length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : rows) {
            for (float f : row) {
                buf.putFloat(f);
            }
        }
        Files.write(file, buf.array());
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }

    /** GEMM FLOPs of {@code NestedLoro.fit}, phase by phase. */
    private record Flops(double crossProducts, double projections, double predictions) {
        double total() {
            return crossProducts + projections + predictions;
        }
    }

    private static Flops count(int[] lengths, int p, int v, int nAlphas) {
        int total = java.util.Arrays.stream(lengths).sum();
        // per-run XᵀX blocks and all-rows XᵀY once, then each run's XᵀY block once (cached across folds)
        double cross = 2.0 * total * p * p + 2 * 2.0 * total * p * (double) v;
        double proj = 0;
        double pred = 0;
        for (int test = 0; test < lengths.length; test++) {
            int tv = lengths[test == 0 ? 1 : 0];
            int tt = lengths[test];
            proj += 2.0 * tv * p * p * (1 + nAlphas) + 2.0 * tt * p * p; // outer: two triangular solves
            pred += 2.0 * tv * p * (double) v * nAlphas + 2.0 * tt * p * (double) v;
        }
        return new Flops(cross, proj, pred);
    }

    /** Features carrying the planted signal: generating Y stays cheap beside the fit itself. */
    private static final int SIGNAL_FEATURES = 16;

    /** Runs of Gaussian features and responses X·W + noise, W nonzero on the first few features only. */
    private static int[] synthetic(int trs, int runs, int p, int v, List<float[][]> xs, List<float[][]> ys) {
        Random rng = new Random(42);
        int signal = Math.min(p, SIGNAL_FEATURES);
        float[][] w = new float[signal][v];
        for (float[] row : w) {
            for (int j = 0; j < v; j++) {
                row[j] = (float) (rng.nextGaussian() / Math.sqrt(signal));
            }
        }
        int[] lengths = new int[runs];
        for (int r = 0; r < runs; r++) {
            lengths[r] = trs / runs + (r < trs % runs ? 1 : 0);
            float[][] x = new float[lengths[r]][p];
            float[][] y = new float[lengths[r]][v];
            for (int t = 0; t < lengths[r]; t++) {
                for (int i = 0; i < p; i++) {
                    x[t][i] = (float) rng.nextGaussian();
                }
                float[] yt = y[t];
                for (int j = 0; j < v; j++) {
                    yt[j] = (float) (2 * rng.nextGaussian());
                }
                for (int i = 0; i < signal; i++) {
                    float xi = x[t][i];
                    float[] wi = w[i];
                    for (int j = 0; j < v; j++) {
                        yt[j] += xi * wi[j];
                    }
                }
            }
            xs.add(x);
            ys.add(y);
        }
        return lengths;
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** CPU time of the whole process, native BLAS threads included. */
    private static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    private static void row(StringBuilder out, String name, String value) {
        out.append(String.format(Locale.ROOT, "%-34s %s%n", name, value));
    }

    private static String peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return line.substring(6).trim();
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            return "unavailable (" + e.getMessage() + ")";
        }
        return "unavailable";
    }

    private static double mean(float[] x) {
        double s = 0;
        for (float f : x) {
            s += f;
        }
        return s / x.length;
    }
}
