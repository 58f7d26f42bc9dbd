package io.encodingfarm.models.speech;

/**
 * Band-limited resampling by a windowed sinc (Blackman window, 32 zero crossings each side of the
 * kernel at the lower of the two Nyquist frequencies). Audio already at the target rate is copied unchanged.
 * The ratio of the rates is rational, so output sample positions repeat their fractional offset every
 * toRate / gcd outputs: one kernel per offset is computed once, and each output is a dot product.
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
        int gcd = gcd(fromRate, toRate);
        int phases = toRate / gcd;
        int step = fromRate / gcd; // input samples advanced per cycle of phases outputs
        // Cut-off as a fraction of the input's Nyquist: below 1 when downsampling, so nothing aliases.
        double cutoff = Math.min(1.0, toRate / (double) fromRate);
        double halfWidth = ZERO_CROSSINGS / cutoff; // in input samples
        int[] first = new int[phases];
        double[][] kernels = new double[phases][];
        for (int r = 0; r < phases; r++) {
            double center = r * (double) step / phases; // position of output r within its cycle
            first[r] = (int) Math.ceil(center - halfWidth);
            int last = (int) Math.floor(center + halfWidth);
            kernels[r] = new double[last - first[r] + 1];
            for (int j = 0; j < kernels[r].length; j++) {
                double d = first[r] + j - center;
                kernels[r][j] = cutoff * sinc(cutoff * d) * blackman(d / halfWidth);
            }
        }
        int n = (int) Math.floor((long) x.length * (double) toRate / fromRate);
        float[] y = new float[n];
        for (int k = 0; k < n; k++) {
            int r = k % phases;
            long start = (long) (k / phases) * step + first[r];
            double[] kernel = kernels[r];
            int from = (int) Math.max(0, -start);
            int to = (int) Math.min(kernel.length, x.length - start);
            double sum = 0;
            for (int j = from; j < to; j++) sum += x[(int) (start + j)] * kernel[j];
            y[k] = (float) sum;
        }
        return y;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private static double sinc(double t) {
        return t == 0 ? 1 : Math.sin(Math.PI * t) / (Math.PI * t);
    }

    /** Blackman window over u ∈ [−1, 1]. */
    private static double blackman(double u) {
        return 0.42 + 0.5 * Math.cos(Math.PI * u) + 0.08 * Math.cos(2 * Math.PI * u);
    }
}
