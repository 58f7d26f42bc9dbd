package io.encodingfarm.models.speech;

/**
 * Band-limited resampling by a windowed sinc (Blackman window, 32 zero crossings each side of the
 * kernel at the lower of the two Nyquist frequencies). Audio already at the target rate is copied unchanged.
 */
public final class Resampler {
    private static final int ZERO_CROSSINGS = 32;

    private Resampler() {
    }

    public static float[] toWhisperRate(Wav wav) {
        return resample(wav.samples(), wav.sampleRate(), WhisperFrontEnd.SAMPLE_RATE);
    }

    public static float[] resample(float[] x, int fromRate, int toRate) {
        if (fromRate <= 0 || toRate <= 0) throw new IllegalArgumentException("sample rates must be positive, got " + fromRate + " → " + toRate);
        if (fromRate == toRate) return x.clone();
        // Cut-off as a fraction of the input's Nyquist: below 1 when downsampling, so nothing aliases.
        double cutoff = Math.min(1.0, toRate / (double) fromRate);
        double halfWidth = ZERO_CROSSINGS / cutoff; // in input samples
        int n = (int) Math.floor((long) x.length * (double) toRate / fromRate);
        float[] y = new float[n];
        for (int k = 0; k < n; k++) {
            double center = k * (double) fromRate / toRate;
            int lo = Math.max(0, (int) Math.ceil(center - halfWidth));
            int hi = Math.min(x.length - 1, (int) Math.floor(center + halfWidth));
            double sum = 0;
            for (int i = lo; i <= hi; i++) {
                double d = i - center;
                sum += x[i] * cutoff * sinc(cutoff * d) * blackman(d / halfWidth);
            }
            y[k] = (float) sum;
        }
        return y;
    }

    private static double sinc(double t) {
        return t == 0 ? 1 : Math.sin(Math.PI * t) / (Math.PI * t);
    }

    /** Blackman window over u ∈ [−1, 1]. */
    private static double blackman(double u) {
        return 0.42 + 0.5 * Math.cos(Math.PI * u) + 0.08 * Math.cos(2 * Math.PI * u);
    }
}
