package io.encodingfarm.models.checkpoint;

import java.util.Arrays;

/** A dense float32 tensor in row-major order; the unit every weight is read into and written from. */
public record Tensor(long[] shape, float[] values) {
    public Tensor {
        long n = 1;
        for (long d : shape) n *= d;
        if (n != values.length) {
            throw new IllegalArgumentException("tensor shape " + Arrays.toString(shape) + " needs " + n
                    + " values, got " + values.length);
        }
    }

    public static Tensor of(float[] values, long... shape) {
        return new Tensor(shape, values);
    }

    public int rows() {
        return (int) shape[0];
    }

    /** Width of a matrix, or 1 for a vector. */
    public int columns() {
        return shape.length < 2 ? 1 : (int) (values.length / shape[0]);
    }

    /** Rows {@code [from, to)} of a matrix, or elements of a vector. */
    public Tensor rowRange(int from, int to) {
        int width = columns();
        float[] part = Arrays.copyOfRange(values, from * width, to * width);
        long[] partShape = shape.clone();
        partShape[0] = to - from;
        return new Tensor(partShape, part);
    }

    public Tensor transposed() {
        if (shape.length != 2) throw new IllegalStateException("only matrices transpose, shape " + Arrays.toString(shape));
        int r = rows();
        int c = columns();
        float[] out = new float[values.length];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) out[j * r + i] = values[i * c + j];
        }
        return new Tensor(new long[] {c, r}, out);
    }
}
