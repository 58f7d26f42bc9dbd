package io.encodingfarm.science;

/** Per-run trimming and column z-scoring (time in rows, features or voxels in columns). */
public final class Preprocessing {
    private Preprocessing() {
    }

    /**
     * Drops the first {@code trimStart} and last {@code trimEnd} rows, then z-scores each column with
     * ddof 0. Columns with zero variance become 0 rather than NaN.
     */
    public static float[][] trimAndZscore(double[][] x, int trimStart, int trimEnd) {
        Arrays2d.requireRectangular(x, "x");
        if (trimStart < 0 || trimEnd < 0 || trimStart + trimEnd >= x.length) {
            throw new IllegalArgumentException("cannot trim " + trimStart + " + " + trimEnd + " rows from "
                    + x.length + ": at least one row must remain");
        }
        return zscore(x.length - trimStart - trimEnd, x[0].length, (r, c) -> x[r + trimStart][c]);
    }

    /** Column z-score with ddof 0; zero-variance columns become 0. */
    public static float[][] zscore(float[][] x) {
        Arrays2d.requireRectangular(x, "x");
        return zscore(x.length, x[0].length, (r, c) -> x[r][c]);
    }

    private interface Cell {
        double at(int row, int col);
    }

    private static float[][] zscore(int rows, int cols, Cell x) {
        double[] mean = new double[cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                mean[c] += x.at(r, c);
            }
        }
        for (int c = 0; c < cols; c++) {
            mean[c] /= rows;
        }
        double[] sumSquares = new double[cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double d = x.at(r, c) - mean[c];
                sumSquares[c] += d * d;
            }
        }
        double[] scale = new double[cols];
        for (int c = 0; c < cols; c++) {
            double sd = Math.sqrt(sumSquares[c] / rows);
            scale[c] = sd > 0 ? 1 / sd : 0;
        }
        float[][] out = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r][c] = (float) ((x.at(r, c) - mean[c]) * scale[c]);
            }
        }
        return out;
    }
}
