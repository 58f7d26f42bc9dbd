package io.encodingfarm.models.bench;

import ai.djl.ndarray.NDManager;
import io.encodingfarm.models.lm.DjlRuntime;
import io.encodingfarm.models.speech.SlidingWindows;
import io.encodingfarm.models.speech.TinyWhisper;
import io.encodingfarm.models.speech.WhisperConfig;
import io.encodingfarm.models.speech.WhisperFeatures;
import io.encodingfarm.models.speech.WhisperFrontEnd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Times seed A's speech feature extraction in its steady state (full 16.1 s windows, batched) on a
 * randomly initialized whisper-tiny-shaped checkpoint, and projects the time per 10-minute story.
 */
public final class WhisperBench {
    /** whisper-tiny's encoder: 4 layers, d_model 384, 6 heads, ffn 1536, 80 mel bins. */
    public static final WhisperConfig WHISPER_TINY = new WhisperConfig(384, 4, 6, 1536, 80, WhisperConfig.ENCODER_FRAMES);
    /** A 10-minute story has one window per 0.1 s stride. */
    public static final int STORY_WINDOWS = 600 * WhisperFrontEnd.SAMPLE_RATE / SlidingWindows.STRIDE;

    private WhisperBench() {
    }

    /**
     * @param workDir where the checkpoint is written once and reused (about 33 MB)
     * @param device  cpu, gpu or auto
     * @param windows full-length windows to time, after one warm-up batch
     * @return a human-readable report, one measurement per line
     */
    public static String run(Path workDir, String device, int windows) {
        if (windows < 1) throw new IllegalArgumentException("need at least one window, got " + windows);
        Path checkpoint = workDir.resolve("whisper-tiny-random");
        if (!Files.isRegularFile(checkpoint.resolve("model.safetensors"))) TinyWhisper.write(WHISPER_TINY, 0, checkpoint);
        float[] audio = new float[SlidingWindows.LONGEST + (windows - 1) * SlidingWindows.STRIDE];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < audio.length; i++) audio[i] = (float) (0.1 * random.nextGaussian());
        List<SlidingWindows.Window> timed = new ArrayList<>();
        for (int end = SlidingWindows.LONGEST; end <= audio.length; end += SlidingWindows.STRIDE) {
            timed.add(new SlidingWindows.Window(end - SlidingWindows.LONGEST, end));
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i <= WHISPER_TINY.layers(); i++) names.add("state-" + i);
        try (WhisperFeatures fx = WhisperFeatures.open(checkpoint, device, names);
             NDManager manager = NDManager.newBaseManager(DjlRuntime.device(device), DjlRuntime.ENGINE)) {
            fx.extract(audio, timed.subList(0, Math.min(WhisperFeatures.BATCH, timed.size())));
            double peakBefore = ExtractBench.matmulPeak(manager);
            long start = System.nanoTime();
            fx.extract(audio, timed);
            double seconds = (System.nanoTime() - start) / 1e9;
            double peakAfter = ExtractBench.matmulPeak(manager);
            long frontStart = System.nanoTime();
            WhisperFrontEnd frontEnd = new WhisperFrontEnd(WHISPER_TINY.melBins());
            for (SlidingWindows.Window w : timed) frontEnd.logMel(java.util.Arrays.copyOfRange(audio, w.start(), w.end()));
            double frontSeconds = (System.nanoTime() - frontStart) / 1e9;
            double flops = encoderFlops(WHISPER_TINY);
            double perSecond = windows / seconds;
            double achieved = flops * windows / seconds / 1e9;
            double peak = (peakBefore + peakAfter) / 2;
            return String.join("\n",
                    "model                 whisper-tiny-shaped encoder, 4 layers, d_model 384, 6 heads, ffn 1536, 80 mels (random weights)",
                    "device                " + DjlRuntime.device(device) + " (" + DjlRuntime.ENGINE + " engine)",
                    format("windows               %.0f full 16.1 s windows, batches of ", windows) + WhisperFeatures.BATCH,
                    format("seconds               %.2f total (log-mel front end alone: ", seconds) + format("%.2f s)", frontSeconds),
                    format("windows/s             %.3f", perSecond),
                    format("encoder GFLOP/window  %.2f (convolutions, projections, MLP, attention over 1500 frames)", flops / 1e9),
                    format("achieved GFLOP/s      %.1f", achieved),
                    format("matmul peak GFLOP/s   %.1f before, ", peakBefore) + format("%.1f after (float32 2048², same engine and device)", peakAfter),
                    format("fraction of peak      %.0f %%", 100 * achieved / peak),
                    "encoder passes/story  " + STORY_WINDOWS + " (10 min at one window per 0.1 s; each window is one 30 s encoder pass)",
                    format("projected per story   %.1f min at this rate", STORY_WINDOWS / perSecond / 60),
                    "peak resident memory  " + ExtractBench.peakResidentMemory());
        }
    }

    /** Multiply-adds ×2 of one encoder pass over 30 s (3000 mel frames → 1500 encoder frames). */
    public static double encoderFlops(WhisperConfig c) {
        double frames = WhisperConfig.ENCODER_FRAMES;
        double d = c.dModel();
        double conv1 = 2.0 * WhisperFrontEnd.FRAMES * 3 * c.melBins() * d;
        double conv2 = 2.0 * frames * 3 * d * d;
        double perLayer = 2 * frames * d * d * 4 + 2 * frames * d * c.ffnDim() * 2 + 4 * frames * frames * d;
        return conv1 + conv2 + perLayer * c.layers();
    }

    private static String format(String pattern, double value) {
        return String.format(Locale.ROOT, pattern, value);
    }
}
