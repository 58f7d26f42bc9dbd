package io.encodingfarm.models.speech;

import java.util.ArrayList;
import java.util.List;

/**
 * Seed A's causal windows over 16 kHz audio: one window ending at every multiple of the 0.1 s stride,
 * reaching back at most 16.1 s; windows shorter than one n_fft (400 samples) and a trailing partial
 * stride are dropped. A window's feature is read at the last encoder frame its audio reaches, so the
 * feature at time t depends only on audio before t.
 */
public final class SlidingWindows {
    public static final int STRIDE = 1_600;
    public static final int LONGEST = 257_600;
    public static final int SHORTEST = WhisperFrontEnd.N_FFT;

    public record Window(int start, int end) {
        public int length() {
            return end - start;
        }

        public double[] seconds() {
            return new double[] {start / (double) WhisperFrontEnd.SAMPLE_RATE, end / (double) WhisperFrontEnd.SAMPLE_RATE};
        }
    }

    private SlidingWindows() {
    }

    public static List<Window> of(int samples) {
        List<Window> windows = new ArrayList<>();
        for (int end = STRIDE; end <= samples; end += STRIDE) {
            Window w = new Window(Math.max(0, end - LONGEST), end);
            if (w.length() >= SHORTEST) windows.add(w);
        }
        return windows;
    }

    /**
     * The last encoder frame that a window's real audio reaches: Whisper's attention mask has one entry
     * per hop (ceil(samples / 160) mel frames), and carried through conv1 (kernel 3, stride 1, padding 1)
     * and conv2 (kernel 3, stride 2, padding 1) it keeps floor((L + 2 − 3) / stride) + 1 frames.
     */
    public static int lastEncoderFrame(int windowSamples) {
        if (windowSamples < 1 || windowSamples > WhisperFrontEnd.INPUT_SAMPLES) {
            throw new IllegalArgumentException("a window holds 1 to " + WhisperFrontEnd.INPUT_SAMPLES + " samples, got " + windowSamples);
        }
        int melFrames = (windowSamples + WhisperFrontEnd.HOP - 1) / WhisperFrontEnd.HOP;
        int afterConv1 = convolvedLength(melFrames, 1);
        return convolvedLength(afterConv1, 2) - 1;
    }

    private static int convolvedLength(int length, int stride) {
        return Math.floorDiv(length + 2 - 3, stride) + 1;
    }
}
