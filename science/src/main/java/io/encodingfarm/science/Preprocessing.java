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
        int rows = x.length - trimStart - trimEnd;
        int cols = x[0].length;
        double[] mean = new double[cols];
        double[] sd = new double[cols];
        for (int r = trimStart; r < trimStart + rows; r++) {
            double[] row = x[r];
            for (int c = 0; c < cols; c++) {
                mean[c] += row[c];
            }
        }
        for (int c = 0; c < cols; c++) {
            mean[c] /= rows;
        }
        for (int r = trimStart; r < trimStart + rows; r++) {
            double[] row = x[r];
            for (int c = 0; c < cols; c++) {
                double d = row[c] - mean[c];
                sd[c] += d * d;
            }
        }
        double[] scale = inverseSd(sd, rows);
        float[][] out = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            double[] row = x[r + trimStart];
            float[] o = out[r];
            for (int c = 0; c < cols; c++) {
                o[c] = (float) ((row[c] - mean[c]) * scale[c]);
            }
        }
        return out;
    }

    /** Column z-score with ddof 0; zero-variance columns become 0. */
    public static float[][] zscore(float[][] x) {
        Arrays2d.requireRectangular(x, "x");
        int rows = x.length;
        int cols = x[0].length;
        double[] mean = new double[cols];
        double[] sd = new double[cols];
        for (float[] row : x) {
            for (int c = 0; c < cols; c++) {
                mean[c] += row[c];
            }
        }
        for (int c = 0; c < cols; c++) {
            mean[c] /= rows;
        }
        for (float[] row : x) {
            for (int c = 0; c < cols; c++) {
                double d = row[c] - mean[c];
                sd[c] += d * d;
            }
        }
        double[] scale = inverseSd(sd, rows);
        float[][] out = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r][c] = (float) ((x[r][c] - mean[c]) * scale[c]);
            }
        }
        return out;
    }

    /** 1/sd from sums of squared deviations; 0 where the variance is zero (relative to the data's scale). */
    private static double[] inverseSd(double[] sumSquares, int rows) {
        double[] scale = new double[sumSquares.length];
        for (int c = 0; c < scale.length; c++) {
            double sd = Math.sqrt(sumSquares[c] / rows);
            scale[c] = sd > 0 ? 1 / sd : 0;
        }
        return scale;
    }
}
