package io.encodingfarm.models.speech;

/**
 * A complex DFT of a fixed length with any factorization (decimation in time, one radix per prime
 * factor). Whisper's n_fft of 400 = 2⁴·5² is not a power of two, so the usual radix-2 FFT does not apply.
 */
final class MixedRadixFft {
    private final int n;
    private final int[] radices;
    private final double[] cos;
    private final double[] sin;
    private final double[] zeroImaginary;
    private final double[] scratchRe;
    private final double[] scratchIm;

    MixedRadixFft(int n) {
        this.n = n;
        int count = 0;
        int[] factors = new int[32];
        for (int rest = n, p = 2; rest > 1; ) {
            if (rest % p == 0) {
                factors[count++] = p;
                rest /= p;
            } else {
                p++;
            }
        }
        this.radices = java.util.Arrays.copyOf(factors, count);
        this.cos = new double[n];
        this.sin = new double[n];
        for (int i = 0; i < n; i++) {
            cos[i] = Math.cos(2 * Math.PI * i / n);
            sin[i] = -Math.sin(2 * Math.PI * i / n);
        }
        this.zeroImaginary = new double[n];
        int largest = 1;
        for (int p : radices) largest = Math.max(largest, p);
        this.scratchRe = new double[largest];
        this.scratchIm = new double[largest];
    }

    /** X[k] = Σ x[j]·e^(−2πi·jk/n) for real x; fills all n outputs. Not thread-safe (shared scratch). */
    void realForward(double[] x, double[] outRe, double[] outIm) {
        transform(x, zeroImaginary, 0, 1, n, 0, outRe, outIm, 0);
    }

    private void transform(double[] inRe, double[] inIm, int offset, int stride, int size, int level,
                           double[] outRe, double[] outIm, int outOffset) {
        if (size == 1) {
            outRe[outOffset] = inRe[offset];
            outIm[outOffset] = inIm[offset];
            return;
        }
        int p = radices[level];
        int m = size / p;
        for (int r = 0; r < p; r++) transform(inRe, inIm, offset + r * stride, stride * p, m, level + 1, outRe, outIm, outOffset + r * m);
        int unit = n / size; // twiddle step: e^(−2πi/size) = table[unit]
        for (int k = 0; k < m; k++) {
            for (int r = 0; r < p; r++) {
                int idx = outOffset + r * m + k;
                int w = (r * k * unit) % n;
                scratchRe[r] = outRe[idx] * cos[w] - outIm[idx] * sin[w];
                scratchIm[r] = outRe[idx] * sin[w] + outIm[idx] * cos[w];
            }
            for (int q = 0; q < p; q++) {
                double sr = 0;
                double si = 0;
                for (int r = 0; r < p; r++) {
                    int w = (r * q * m * unit) % n;
                    sr += scratchRe[r] * cos[w] - scratchIm[r] * sin[w];
                    si += scratchRe[r] * sin[w] + scratchIm[r] * cos[w];
                }
                outRe[outOffset + k + q * m] = sr;
                outIm[outOffset + k + q * m] = si;
            }
        }
    }
}
