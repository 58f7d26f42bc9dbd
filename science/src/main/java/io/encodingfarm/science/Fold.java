package io.encodingfarm.science;

/** One cross-validation split: 0-based row indices to fit on and to score on. */
public record Fold(int[] train, int[] validation) {
    public Fold {
        if (train.length == 0 || validation.length == 0) {
            throw new IllegalArgumentException("a fold needs at least one train and one validation row (got "
                    + train.length + " and " + validation.length + ")");
        }
    }

    void requireWithin(int rows, int foldIndex) {
        for (int[] set : new int[][] {train, validation}) {
            for (int r : set) {
                if (r < 0 || r >= rows) {
                    throw new IllegalArgumentException("fold " + foldIndex + " refers to row " + r
                            + " but the training data has rows 0.." + (rows - 1));
                }
            }
        }
        if (validation.length < 2) {
            throw new IllegalArgumentException("fold " + foldIndex + " has one validation row: scores need >= 2");
        }
    }
}
