package io.encodingfarm.science;

/**
 * nilearn {@code compute_regressor} for many amplitude columns that share onsets and durations.
 *
 * <p>Everything after the box train (cumulative sum, convolution, interpolation) is linear in the
 * amplitudes, so each event is turned into one frame-time response and the columns are a sparse
 * frames x events matrix times the amplitudes. Convolving a box with the kernel h equals differencing
 * the kernel's running sum S at the onset and offset samples, which makes each event O(frames it reaches).
 */
public final class Regressors {
    public static final double DEFAULT_MIN_ONSET = -24;

    private Regressors() {
    }

    /**
     * @param amplitudes events x columns
     * @return frames x columns
     */
    public static double[][] compute(double[] onsets, double[] durations, float[][] amplitudes,
                                     double[] frameTimes, HrfModel model, int oversampling, double minOnset) {
        int events = onsets.length;
        if (durations.length != events || amplitudes.length != events) {
            throw new IllegalArgumentException("events disagree in length: " + events + " onsets, "
                    + durations.length + " durations, " + amplitudes.length + " amplitude rows");
        }
        int columns = events == 0 ? 0 : amplitudes[0].length;
        for (int e = 0; e < events; e++) {
            requireFinite(onsets[e], "onset", e);
            requireFinite(durations[e], "duration", e);
            if (durations[e] < 0) {
                throw new IllegalArgumentException("event " + e + " has negative duration " + durations[e]);
            }
            if (amplitudes[e].length != columns) {
                throw new IllegalArgumentException("amplitude row " + e + " has " + amplitudes[e].length
                        + " columns, row 0 has " + columns);
            }
        }
        FrameGrid grid = FrameGrid.of(frameTimes, oversampling, minOnset);
        double[] stepResponse = cumulativeSum(Hrf.kernel(model, grid.tr, oversampling, Hrf.DEFAULT_TIME_LENGTH, 0));

        double[][] out = new double[frameTimes.length][columns];
        double[] response = new double[frameTimes.length];
        for (int e = 0; e < events; e++) {
            int on = Math.min(searchSorted(grid.times, onsets[e]), grid.times.length - 1);
            int end = Math.min(searchSorted(grid.times, onsets[e] + durations[e]), grid.times.length - 1);
            // nilearn: an event shorter than one high-resolution sample still lasts one sample
            int off = end < grid.times.length - 1 && end == on ? end + 1 : end;
            int first = grid.firstFrameAtOrAfter(on);
            int last = grid.lastFrameReached(off, stepResponse.length);
            for (int f = first; f <= last; f++) {
                response[f] = grid.interpolate(f, i -> step(stepResponse, i - on) - step(stepResponse, i - off));
            }
            float[] amp = amplitudes[e];
            for (int f = first; f <= last; f++) {
                double r = response[f];
                if (r == 0) {
                    continue;
                }
                double[] row = out[f];
                for (int c = 0; c < columns; c++) {
                    row[c] += r * amp[c];
                }
            }
        }
        return out;
    }

    /** Single amplitude column with nilearn's defaults for min onset. */
    public static double[] compute(double[] onsets, double[] durations, double[] amplitudes, double[] frameTimes,
                                   HrfModel model, int oversampling) {
        float[][] amp = new float[amplitudes.length][1];
        for (int i = 0; i < amplitudes.length; i++) {
            amp[i][0] = (float) amplitudes[i];
        }
        double[][] r = compute(onsets, durations, amp, frameTimes, model, oversampling, DEFAULT_MIN_ONSET);
        double[] out = new double[r.length];
        for (int i = 0; i < r.length; i++) {
            out[i] = r[i].length == 0 ? 0 : r[i][0];
        }
        return out;
    }

    private static double step(double[] stepResponse, int i) {
        if (i < 0) {
            return 0;
        }
        return stepResponse[Math.min(i, stepResponse.length - 1)];
    }

    private static double[] cumulativeSum(double[] h) {
        double[] s = new double[h.length];
        double acc = 0;
        for (int i = 0; i < h.length; i++) {
            acc += h[i];
            s[i] = acc;
        }
        return s;
    }

    /** numpy.searchsorted(a, v, side='left'): first index with a[i] >= v. */
    static int searchSorted(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static void requireFinite(double v, String what, int event) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("event " + event + " has non-finite " + what + " " + v);
        }
    }

    /** nilearn's high-resolution time grid for a set of frame times, and interpolation back to frames. */
    private static final class FrameGrid {
        final double[] frameTimes;
        final double[] times;
        final double tr;
        /** For each frame: index of the grid sample at or after it (scipy interp1d's bracketing). */
        final int[] upper;

        private FrameGrid(double[] frameTimes, double[] times, double tr) {
            this.frameTimes = frameTimes;
            this.times = times;
            this.tr = tr;
            upper = new int[frameTimes.length];
            for (int f = 0; f < frameTimes.length; f++) {
                upper[f] = Math.max(1, Math.min(searchSorted(times, frameTimes[f]), times.length - 1));
            }
        }

        static FrameGrid of(double[] frameTimes, int oversampling, double minOnset) {
            int n = frameTimes.length;
            if (n < 2) {
                throw new IllegalArgumentException("need at least 2 frame times, got " + n);
            }
            if (oversampling < 1) {
                throw new IllegalArgumentException("oversampling must be >= 1, got " + oversampling);
            }
            if (!Double.isFinite(minOnset) || minOnset > 0) {
                throw new IllegalArgumentException("minOnset must be finite and <= 0, got " + minOnset);
            }
            double tr = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (!Double.isFinite(frameTimes[i])) {
                    throw new IllegalArgumentException("frame time " + i + " is not finite: " + frameTimes[i]);
                }
                if (i > 0) {
                    double d = frameTimes[i] - frameTimes[i - 1];
                    if (!(d > 0)) {
                        throw new IllegalArgumentException("frame times must increase strictly; frame " + i
                                + " (" + frameTimes[i] + ") follows " + frameTimes[i - 1]);
                    }
                    tr = Math.min(tr, d);
                }
            }
            double tmin = frameTimes[0];
            double tmax = frameTimes[n - 1];
            if (tmax < 0) {
                throw new IllegalArgumentException("frame times must not all be negative (last is " + tmax + ")");
            }
            double end = tmax * (1 + 1.0 / (n - 1));
            double nHr = (n - 1) / (tmax - tmin) * (end - tmin - minOnset) * oversampling + 1;
            double[] times = Hrf.linspace(tmin + minOnset, end, (int) Math.rint(nHr));
            return new FrameGrid(frameTimes, times, tr);
        }

        /** First frame whose interpolation can see grid sample {@code sample} or later. */
        int firstFrameAtOrAfter(int sample) {
            int f = 0;
            while (f < frameTimes.length && upper[f] < sample) {
                f++;
            }
            return f;
        }

        /** Last frame whose interpolation can see a nonzero box response ending at {@code off}. */
        int lastFrameReached(int off, int kernelLength) {
            int lastSample = off + kernelLength; // S saturates: later samples difference to zero
            int f = frameTimes.length - 1;
            while (f >= 0 && upper[f] - 1 > lastSample) {
                f--;
            }
            return f;
        }

        /** scipy.interpolate.interp1d (linear) of a grid series at frame f. */
        double interpolate(int f, java.util.function.IntToDoubleFunction series) {
            int hi = upper[f];
            int lo = hi - 1;
            double ylo = series.applyAsDouble(lo);
            double slope = (series.applyAsDouble(hi) - ylo) / (times[hi] - times[lo]);
            return slope * (frameTimes[f] - times[lo]) + ylo;
        }
    }
}
