package io.encodingfarm.science;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Generators for the cross-validation schemes; explicit folds can also be built directly with {@link Fold}. */
public final class Folds {
    private Folds() {
    }

    /**
     * Seed A's bootstrap: rows are cut into consecutive blocks of {@code chunklen} (the remainder is never
     * held out); each bootstrap holds out {@code nchunks} random blocks and trains on every other row.
     * Uses a Java PRNG: the same seed gives the same folds here, but not Python's {@code random.shuffle}
     * folds (pass those explicitly to reproduce a Python run).
     */
    public static List<Fold> bootstrap(int rows, int chunklen, int nchunks, int nboots, long seed) {
        if (chunklen < 1 || nchunks < 1 || nboots < 1) {
            throw new IllegalArgumentException("chunklen, nchunks and nboots must be >= 1 (got " + chunklen + ", "
                    + nchunks + ", " + nboots + ")");
        }
        int chunks = rows / chunklen;
        if (nchunks >= chunks) {
            throw new IllegalArgumentException(rows + " rows make " + chunks + " blocks of " + chunklen
                    + ": holding out " + nchunks + " leaves nothing to train on; lower nchunks or chunklen");
        }
        int[] order = RidgeProblem.range(0, chunks);
        SplittableRandom rng = new SplittableRandom(seed);
        List<Fold> folds = new ArrayList<>(nboots);
        for (int b = 0; b < nboots; b++) {
            for (int i = chunks - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            boolean[] held = new boolean[rows];
            int[] validation = new int[nchunks * chunklen];
            int[] heldChunks = Arrays.copyOf(order, nchunks);
            Arrays.sort(heldChunks);
            int k = 0;
            for (int c : heldChunks) {
                for (int r = c * chunklen; r < (c + 1) * chunklen; r++) {
                    held[r] = true;
                    validation[k++] = r;
                }
            }
            folds.add(new Fold(rowsWhere(held, false), validation));
        }
        return folds;
    }

    /** Contiguous k-fold without shuffling (sklearn KFold): the first rows % k folds get one extra row. */
    public static List<Fold> kfold(int rows, int k) {
        if (k < 2 || k > rows) {
            throw new IllegalArgumentException("k-fold needs 2 <= k <= rows, got k = " + k + " for " + rows + " rows");
        }
        List<Fold> folds = new ArrayList<>(k);
        int start = 0;
        for (int f = 0; f < k; f++) {
            int size = rows / k + (f < rows % k ? 1 : 0);
            boolean[] held = new boolean[rows];
            Arrays.fill(held, start, start + size, true);
            folds.add(new Fold(rowsWhere(held, false), RidgeProblem.range(start, start + size)));
            start += size;
        }
        return folds;
    }

    private static int[] rowsWhere(boolean[] mask, boolean value) {
        int n = 0;
        for (boolean m : mask) {
            n += m == value ? 1 : 0;
        }
        int[] out = new int[n];
        int k = 0;
        for (int r = 0; r < mask.length; r++) {
            if (mask[r] == value) {
                out[k++] = r;
            }
        }
        return out;
    }
}
