package io.encodingfarm.formats;

import java.util.Arrays;

/**
 * An n-dimensional array as read from or written to a {@code .npy} file: C-order data held as
 * doubles or floats (whichever the file stored, integers and booleans widened to double), its shape
 * and its numpy dtype ({@code <f4}, {@code <f8}, {@code <i4}, {@code <i8}, {@code |u1}, {@code |b1}, …),
 * which is the dtype it is written back as.
 */
public final class NpyArray {
    private final int[] shape;
    private final float[] floats;
    private final double[] doubles;
    private final String dtype;

    private NpyArray(int[] shape, float[] floats, double[] doubles) {
        this(shape, floats, doubles, floats != null ? "<f4" : "<f8");
    }

    private NpyArray(int[] shape, float[] floats, double[] doubles, String dtype) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            n *= d;
        }
        int length = floats != null ? floats.length : doubles.length;
        if (n != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " elements, got " + length);
        }
        this.shape = shape.clone();
        this.floats = floats;
        this.doubles = doubles;
        this.dtype = dtype;
    }

    public static NpyArray ofFloats(float[] data, int... shape) {
        return new NpyArray(shape, data, null);
    }

    public static NpyArray ofDoubles(double[] data, int... shape) {
        return new NpyArray(shape, null, data);
    }

    /** Integer (or boolean) values widened to double, written back with {@code dtype}, e.g. {@code <i8}. */
    static NpyArray ofIntegers(double[] data, String dtype, int... shape) {
        return new NpyArray(shape, null, data, dtype);
    }

    /** An int32 array ({@code <i4}). */
    public static NpyArray ofInts(int[] data, int... shape) {
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) d[i] = data[i];
        return new NpyArray(shape, null, d, "<i4");
    }

    /** An int64 array ({@code <i8}); values beyond ±2⁵³ lose precision. */
    public static NpyArray ofLongs(long[] data, int... shape) {
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) d[i] = data[i];
        return new NpyArray(shape, null, d, "<i8");
    }

    /** A bool array ({@code |b1}). */
    public static NpyArray ofBooleans(boolean[] data, int... shape) {
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) d[i] = data[i] ? 1 : 0;
        return new NpyArray(shape, null, d, "|b1");
    }

    public static NpyArray ofMatrix(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] data = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) throw new IllegalArgumentException("ragged matrix at row " + i);
            System.arraycopy(rows[i], 0, data, i * cols, cols);
        }
        return ofFloats(data, rows.length, cols);
    }

    public static NpyArray ofMatrix(double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        double[] data = new double[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) throw new IllegalArgumentException("ragged matrix at row " + i);
            System.arraycopy(rows[i], 0, data, i * cols, cols);
        }
        return ofDoubles(data, rows.length, cols);
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis];
    }

    public int size() {
        return floats != null ? floats.length : doubles.length;
    }

    /** numpy dtype string this array is written as (little-endian). */
    public String dtype() {
        return dtype;
    }

    /** True when the data are held as float32 (and would be written back as {@code <f4}). */
    public boolean isFloat32() {
        return floats != null;
    }

    public float[] toFloatArray() {
        if (floats != null) return floats.clone();
        float[] out = new float[doubles.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) doubles[i];
        return out;
    }

    public long[] toLongArray() {
        long[] out = new long[size()];
        for (int i = 0; i < out.length; i++) out[i] = floats != null ? (long) floats[i] : (long) doubles[i];
        return out;
    }

    public boolean[] toBooleanArray() {
        boolean[] out = new boolean[size()];
        for (int i = 0; i < out.length; i++) out[i] = (floats != null ? floats[i] : doubles[i]) != 0;
        return out;
    }

    public double[] toDoubleArray() {
        if (doubles != null) return doubles.clone();
        double[] out = new double[floats.length];
        for (int i = 0; i < out.length; i++) out[i] = floats[i];
        return out;
    }

    /** Rows of a 2-D array (a 1-D array is one column). */
    public float[][] toFloatMatrix() {
        requireMatrixShape();
        int rows = shape[0];
        int cols = shape.length == 1 ? 1 : shape[1];
        float[][] out = new float[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) out[i][j] = get(i * cols + j);
        }
        return out;
    }

    public double[][] toDoubleMatrix() {
        requireMatrixShape();
        int rows = shape[0];
        int cols = shape.length == 1 ? 1 : shape[1];
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) out[i][j] = doubles != null ? doubles[i * cols + j] : floats[i * cols + j];
        }
        return out;
    }

    private void requireMatrixShape() {
        if (shape.length != 1 && shape.length != 2) {
            throw new IllegalStateException("expected a 1-D or 2-D array, got shape " + Arrays.toString(shape));
        }
    }

    private float get(int flatIndex) {
        return floats != null ? floats[flatIndex] : (float) doubles[flatIndex];
    }

    float[] rawFloats() {
        return floats;
    }

    double[] rawDoubles() {
        return doubles;
    }
}
