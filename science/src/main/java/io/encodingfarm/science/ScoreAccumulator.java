package io.encodingfarm.science;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Per-column sums of prediction a and observation b, fed in row batches, from which both scores follow:
 * Pearson r, and seed A's sign(R²)·√|R²| since var(b − a) = var(b) + var(a) − 2 cov(a, b).
 * Values are shifted by each column's first row before summing, which keeps the one-pass sums accurate
 * for data far from zero mean.
 */
final class ScoreAccumulator {
    private static final int COLUMN_BLOCK = 2048;
    private final int cols;
    private final double[] shiftA;
    private final double[] shiftB;
    private final double[] sa;
    private final double[] sb;
    private final double[] saa;
    private final double[] sbb;
    private final double[] sab;
    private long n;

    ScoreAccumulator(int cols) {
        this.cols = cols;
        shiftA = new double[cols];
        shiftB = new double[cols];
        sa = new double[cols];
        sb = new double[cols];
        saa = new double[cols];
        sbb = new double[cols];
        sab = new double[cols];
    }

    /** Adds rows: a is rows x cols row-major, b the matching observed rows. */
    void add(float[] a, List<float[]> b) {
        int rows = b.size();
        if (rows == 0) {
            return;
        }
        if (n == 0) {
            for (int c = 0; c < cols; c++) {
                shiftA[c] = a[c];
                shiftB[c] = b.get(0)[c];
            }
        }
        int blocks = (cols + COLUMN_BLOCK - 1) / COLUMN_BLOCK;
        IntStream.range(0, blocks).parallel().forEach(blk -> {
            int c0 = blk * COLUMN_BLOCK;
            int c1 = Math.min(cols, c0 + COLUMN_BLOCK);
            for (int r = 0; r < rows; r++) {
                float[] br = b.get(r);
                int off = r * cols;
                for (int c = c0; c < c1; c++) {
                    double da = a[off + c] - shiftA[c];
                    double db = br[c] - shiftB[c];
                    sa[c] += da;
                    sb[c] += db;
                    saa[c] += da * da;
                    sbb[c] += db * db;
                    sab[c] += da * db;
                }
            }
        });
        n += rows;
    }

    double[] score(RidgeCV.Score score) {
        return score == RidgeCV.Score.CORRELATION ? pearson() : signedSqrtR2();
    }

    /** Pearson r per column; 0 where either side is constant. */
    double[] pearson() {
        double[] r = new double[cols];
        for (int c = 0; c < cols; c++) {
            double va = saa[c] - sa[c] * sa[c] / n;
            double vb = sbb[c] - sb[c] * sb[c] / n;
            double cov = sab[c] - sa[c] * sb[c] / n;
            double denom = Math.sqrt(va * vb);
            r[c] = va > 0 && vb > 0 && denom > 0 ? Math.max(-1, Math.min(1, cov / denom)) : 0;
        }
        return r;
    }

    /**
     * sign(R²)·√|R²| with R² = 1 − var(b − a)/((1 + var(b))/2), variances ddof 0. The (1 + var(b))/2
     * denominator is the published code's; for z-scored b it is ~var(b).
     */
    double[] signedSqrtR2() {
        double[] out = new double[cols];
        for (int c = 0; c < cols; c++) {
            double va = (saa[c] - sa[c] * sa[c] / n) / n;
            double vb = (sbb[c] - sb[c] * sb[c] / n) / n;
            double cov = (sab[c] - sa[c] * sb[c] / n) / n;
            double residual = Math.max(0, va + vb - 2 * cov);
            double r2 = 1 - residual / ((1 + vb) / 2);
            out[c] = Math.signum(r2) * Math.sqrt(Math.abs(r2));
        }
        return out;
    }
}
