package io.encodingfarm.science;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Per-column sums of prediction a and observation b, fed in row batches, from which both scores follow:
 * Pearson r, and seed A's sign(R²)·√|R²| since var(b − a) = var(b) + var(a) − 2 cov(a, b).
 * Values are shifted by each column's first row before summing, which keeps the one-pass sums accurate
 * for data far from zero mean. The shift is applied in float, so it is exact only to float precision,
 * which is the precision of the inputs.
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

    /** Adds rows: a holds rows x cols row-major, b the matching observed rows. */
    void add(float[] a, List<float[]> b) {
        addStack(new ScoreAccumulator[] {this}, 0, 1, a, 0, b);
    }

    /**
     * Adds the predictions of {@code count} accumulators at once, acc[first + s] taking rows x cols values
     * from a[s·stride]: each observed row is read once for the whole stack and stays in cache.
     */
    static void addStack(ScoreAccumulator[] acc, int first, int count, float[] a, int stride, List<float[]> b) {
        int rows = b.size();
        if (rows == 0) {
            return;
        }
        int cols = acc[first].cols;
        for (int s = 0; s < count; s++) {
            ScoreAccumulator t = acc[first + s];
            if (t.n == 0) {
                for (int c = 0; c < cols; c++) {
                    t.shiftA[c] = a[s * stride + c];
                    t.shiftB[c] = b.get(0)[c];
                }
            }
        }
        int blocks = (cols + COLUMN_BLOCK - 1) / COLUMN_BLOCK;
        IntStream.range(0, blocks).parallel().forEach(blk -> addBlock(acc, first, count, a, stride, b,
                blk * COLUMN_BLOCK, Math.min(cols, (blk + 1) * COLUMN_BLOCK)));
        for (int s = 0; s < count; s++) {
            acc[first + s].n += rows;
        }
    }

    /**
     * Float partial sums over one batch (at most a few hundred rows, so float keeps ~1e-6 relative accuracy)
     * in separate simple loops, which the JIT vectorizes (a fused loop was not); folded into the double
     * totals once per batch.
     */
    private static void addBlock(ScoreAccumulator[] acc, int first, int count, float[] a, int stride,
                                 List<float[]> b, int c0, int c1) {
        int w = c1 - c0;
        int cols = acc[first].cols;
        float[][] fa = new float[count][w];
        float[][] fb = new float[count][w];
        float[][] faa = new float[count][w];
        float[][] fbb = new float[count][w];
        float[][] fab = new float[count][w];
        float[][] ha = new float[count][w];
        float[][] hb = new float[count][w];
        for (int s = 0; s < count; s++) {
            for (int c = 0; c < w; c++) {
                ha[s][c] = (float) acc[first + s].shiftA[c0 + c];
                hb[s][c] = (float) acc[first + s].shiftB[c0 + c];
            }
        }
        float[] da = new float[w];
        float[] db = new float[w];
        for (int r = 0; r < b.size(); r++) {
            float[] br = b.get(r);
            for (int s = 0; s < count; s++) {
                int off = s * stride + r * cols + c0;
                float[] hs = ha[s];
                float[] hbs = hb[s];
                for (int c = 0; c < w; c++) {
                    da[c] = a[off + c] - hs[c];
                }
                for (int c = 0; c < w; c++) {
                    db[c] = br[c0 + c] - hbs[c];
                }
                float[] sa = fa[s];
                float[] saa = faa[s];
                for (int c = 0; c < w; c++) {
                    sa[c] += da[c];
                    saa[c] += da[c] * da[c];
                }
                float[] sb = fb[s];
                float[] sbb = fbb[s];
                for (int c = 0; c < w; c++) {
                    sb[c] += db[c];
                    sbb[c] += db[c] * db[c];
                }
                float[] sab = fab[s];
                for (int c = 0; c < w; c++) {
                    sab[c] += da[c] * db[c];
                }
            }
        }
        for (int s = 0; s < count; s++) {
            ScoreAccumulator t = acc[first + s];
            for (int c = 0; c < w; c++) {
                t.sa[c0 + c] += fa[s][c];
                t.sb[c0 + c] += fb[s][c];
                t.saa[c0 + c] += faa[s][c];
                t.sbb[c0 + c] += fbb[s][c];
                t.sab[c0 + c] += fab[s][c];
            }
        }
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
