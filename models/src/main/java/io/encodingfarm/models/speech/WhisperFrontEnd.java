package io.encodingfarm.models.speech;

/**
 * Whisper's log-mel front end, equal to Hugging Face's {@code WhisperFeatureExtractor}: the audio is
 * zero-padded (or truncated) to 30 s, framed by a centered STFT (reflect padding, periodic Hann window,
 * n_fft 400, hop 160), power spectrum, Slaney-scale mel filters with Slaney normalization, log10 with a
 * floor of 1e-10, the last of the 3,001 frames dropped, then max(x, max − 8) and (x + 4) / 4.
 * Computed in float64, returned as float32. Not thread-safe: the FFT reuses scratch buffers.
 */
public final class WhisperFrontEnd {
    public static final int SAMPLE_RATE = 16_000;
    public static final int N_FFT = 400;
    public static final int HOP = 160;
    public static final int INPUT_SAMPLES = 30 * SAMPLE_RATE;
    public static final int FRAMES = INPUT_SAMPLES / HOP;
    private static final int BINS = N_FFT / 2 + 1;

    private final int melBins;
    private final double[][] filters;
    private final int[] filterFirst;
    private final int[] filterLast;
    private final double[] window = new double[N_FFT];
    private final MixedRadixFft fft = new MixedRadixFft(N_FFT);

    public WhisperFrontEnd(int melBins) {
        if (melBins < 1) throw new IllegalArgumentException("num_mel_bins must be positive, got " + melBins);
        this.melBins = melBins;
        this.filters = slaneyFilters(melBins);
        this.filterFirst = new int[melBins];
        this.filterLast = new int[melBins];
        for (int m = 0; m < melBins; m++) {
            int first = 0;
            while (first < BINS - 1 && filters[m][first] == 0) first++;
            int last = BINS - 1;
            while (last > first && filters[m][last] == 0) last--;
            filterFirst[m] = first;
            filterLast[m] = last;
        }
        for (int i = 0; i < N_FFT; i++) window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / N_FFT);
    }

    public int melBins() {
        return melBins;
    }

    /** Log-mel features {@code [melBins × 3000]}, mel-major (Whisper's {@code input_features} for one clip). */
    public float[] logMel(float[] samples16k) {
        int n = Math.min(samples16k.length, INPUT_SAMPLES);
        double[] logSpec = new double[melBins * FRAMES];
        double[] frame = new double[N_FFT];
        double[] re = new double[N_FFT];
        double[] im = new double[N_FFT];
        double[] power = new double[BINS];
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < FRAMES; t++) {
            boolean silent = true;
            for (int i = 0; i < N_FFT; i++) {
                double s = paddedSample(samples16k, n, t * HOP + i - N_FFT / 2);
                frame[i] = s * window[i];
                silent &= s == 0;
            }
            if (silent) {
                java.util.Arrays.fill(power, 0);
            } else {
                fft.realForward(frame, re, im);
                for (int k = 0; k < BINS; k++) power[k] = re[k] * re[k] + im[k] * im[k];
            }
            for (int m = 0; m < melBins; m++) {
                double energy = 0;
                for (int k = filterFirst[m]; k <= filterLast[m]; k++) energy += filters[m][k] * power[k];
                double v = Math.log10(Math.max(energy, 1e-10));
                logSpec[m * FRAMES + t] = v;
                max = Math.max(max, v);
            }
        }
        float[] out = new float[logSpec.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) ((Math.max(logSpec[i], max - 8) + 4) / 4);
        return out;
    }

    /** The zero-padded 30 s signal, extended by reflection (without repeating the edge) as torch.stft's center=True does. */
    private static double paddedSample(float[] x, int n, int index) {
        int i = index;
        if (i < 0) i = -i;
        if (i >= INPUT_SAMPLES) i = 2 * (INPUT_SAMPLES - 1) - i;
        return i < n ? x[i] : 0;
    }

    /** Triangular filters between Slaney-mel-spaced edges from 0 to 8 kHz, each scaled to unit area (2 / width in Hz). */
    static double[][] slaneyFilters(int melBins) {
        double[] edges = new double[melBins + 2];
        double top = hzToMel(SAMPLE_RATE / 2.0);
        for (int i = 0; i < edges.length; i++) edges[i] = melToHz(top * i / (melBins + 1));
        double[][] f = new double[melBins][BINS];
        for (int m = 0; m < melBins; m++) {
            double lower = edges[m];
            double center = edges[m + 1];
            double upper = edges[m + 2];
            double norm = 2 / (upper - lower);
            for (int k = 0; k < BINS; k++) {
                double hz = k * (double) SAMPLE_RATE / N_FFT;
                double rising = (hz - lower) / (center - lower);
                double falling = (upper - hz) / (upper - center);
                f[m][k] = Math.max(0, Math.min(rising, falling)) * norm;
            }
        }
        return f;
    }

    /** Slaney's mel scale: linear (3 mels per 200 Hz) below 1 kHz, logarithmic above. */
    static double hzToMel(double hz) {
        return hz < 1000 ? 3 * hz / 200 : 15 + Math.log(hz / 1000) * 27 / Math.log(6.4);
    }

    static double melToHz(double mel) {
        return mel < 15 ? 200 * mel / 3 : 1000 * Math.exp((mel - 15) * Math.log(6.4) / 27);
    }
}
