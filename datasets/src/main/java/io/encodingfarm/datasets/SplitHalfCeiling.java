package io.encodingfarm.datasets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * LPP noise ceiling by split-half inter-subject correlation: for each of several random splits of
 * the subjects into two halves, the per-voxel Pearson r between the two halves' mean responses over
 * all runs; the ceiling is its mean over splits. (A ridge from one half's voxel to the other half's
 * mean has a single feature per voxel, so its cross-validated score is this correlation.) Fed one
 * subject's run at a time, so that the import never holds all subjects in memory.
 */
final class SplitHalfCeiling {
    static final int DEFAULT_SPLITS = 10;

    private final List<String> subjects;
    private final boolean[][] inFirstHalf;
    private final int voxels;
    private final double[][] sa, sb, sab, saa, sbb;
    private final long[] count;
    private float[][][] halfA, halfB;

    SplitHalfCeiling(List<String> subjects, int splits, long seed, int voxels) {
        if (subjects.size() < 2) throw new IllegalArgumentException("a split-half ceiling needs at least 2 subjects, got " + subjects.size());
        this.subjects = List.copyOf(subjects);
        this.voxels = voxels;
        Random random = new Random(seed);
        inFirstHalf = new boolean[splits][subjects.size()];
        for (int s = 0; s < splits; s++) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < subjects.size(); i++) order.add(i);
            Collections.shuffle(order, random);
            for (int i = 0; i < subjects.size() / 2; i++) inFirstHalf[s][order.get(i)] = true;
        }
        sa = new double[splits][voxels];
        sb = new double[splits][voxels];
        sab = new double[splits][voxels];
        saa = new double[splits][voxels];
        sbb = new double[splits][voxels];
        count = new long[splits];
    }

    void startRun(int trs) {
        halfA = new float[inFirstHalf.length][trs][voxels];
        halfB = new float[inFirstHalf.length][trs][voxels];
    }

    void add(String subject, float[][] responses) {
        int index = subjects.indexOf(subject);
        if (index < 0) throw new IllegalArgumentException("unknown subject " + subject);
        for (int s = 0; s < inFirstHalf.length; s++) {
            float[][] target = inFirstHalf[s][index] ? halfA[s] : halfB[s];
            for (int t = 0; t < responses.length; t++) for (int v = 0; v < voxels; v++) target[t][v] += responses[t][v];
        }
    }

    void endRun() {
        for (int s = 0; s < inFirstHalf.length; s++) {
            for (int t = 0; t < halfA[s].length; t++) {
                for (int v = 0; v < voxels; v++) {
                    double a = halfA[s][t][v], b = halfB[s][t][v];
                    sa[s][v] += a;
                    sb[s][v] += b;
                    sab[s][v] += a * b;
                    saa[s][v] += a * a;
                    sbb[s][v] += b * b;
                }
            }
            count[s] += halfA[s].length;
        }
        halfA = halfB = null;
    }

    /** Mean over splits of the per-voxel correlation between half means (sums: the scale cancels). */
    float[] ceiling() {
        float[] out = new float[voxels];
        for (int v = 0; v < voxels; v++) {
            double sum = 0;
            for (int s = 0; s < inFirstHalf.length; s++) {
                double n = count[s];
                double cov = sab[s][v] - sa[s][v] * sb[s][v] / n;
                double va = saa[s][v] - sa[s][v] * sa[s][v] / n;
                double vb = sbb[s][v] - sb[s][v] * sb[s][v] / n;
                sum += va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : 0;
            }
            out[v] = (float) (sum / inFirstHalf.length);
        }
        return out;
    }
}
