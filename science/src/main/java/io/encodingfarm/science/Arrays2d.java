package io.encodingfarm.science;

import java.util.function.IntUnaryOperator;

/** Shape and value checks shared by the public entry points, with messages that name the argument. */
final class Arrays2d {
    private Arrays2d() {
    }

    static void requireRectangular(double[][] x, String name) {
        require(name, x == null ? 0 : x.length, r -> x[r].length, (r, c) -> x[r][c]);
    }

    static void requireRectangular(float[][] x, String name) {
        require(name, x == null ? 0 : x.length, r -> x[r].length, (r, c) -> x[r][c]);
    }

    static void requireSameShape(float[][] a, float[][] b, String nameA, String nameB) {
        if (a.length != b.length || a[0].length != b[0].length) {
            throw new IllegalArgumentException(nameA + " is " + a.length + "x" + a[0].length + " but " + nameB
                    + " is " + b.length + "x" + b[0].length + ": they must match");
        }
    }

    private interface Cell {
        double at(int row, int col);
    }

    private static void require(String name, int rows, IntUnaryOperator rowLength, Cell cell) {
        if (rows == 0 || rowLength.applyAsInt(0) == 0) {
            throw new IllegalArgumentException(name + " is empty: need at least one row and one column");
        }
        int cols = rowLength.applyAsInt(0);
        for (int r = 0; r < rows; r++) {
            if (rowLength.applyAsInt(r) != cols) {
                throw new IllegalArgumentException(name + " row " + r + " has " + rowLength.applyAsInt(r)
                        + " columns, row 0 has " + cols);
            }
            for (int c = 0; c < cols; c++) {
                double v = cell.at(r, c);
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(name + "[" + r + "][" + c + "] is " + v);
                }
            }
        }
    }
}
