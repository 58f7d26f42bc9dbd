package io.encodingfarm.science;

/** Shape and value checks shared by the public entry points, with messages that name the argument. */
final class Arrays2d {
    private Arrays2d() {
    }

    static void requireRectangular(double[][] x, String name) {
        if (x == null || x.length == 0 || x[0].length == 0) {
            throw new IllegalArgumentException(name + " is empty: need at least one row and one column");
        }
        for (int r = 0; r < x.length; r++) {
            if (x[r].length != x[0].length) {
                throw new IllegalArgumentException(name + " row " + r + " has " + x[r].length
                        + " columns, row 0 has " + x[0].length);
            }
            for (int c = 0; c < x[r].length; c++) {
                if (!Double.isFinite(x[r][c])) {
                    throw new IllegalArgumentException(name + "[" + r + "][" + c + "] is " + x[r][c]);
                }
            }
        }
    }

    static void requireRectangular(float[][] x, String name) {
        if (x == null || x.length == 0 || x[0].length == 0) {
            throw new IllegalArgumentException(name + " is empty: need at least one row and one column");
        }
        for (int r = 0; r < x.length; r++) {
            if (x[r].length != x[0].length) {
                throw new IllegalArgumentException(name + " row " + r + " has " + x[r].length
                        + " columns, row 0 has " + x[0].length);
            }
            for (int c = 0; c < x[r].length; c++) {
                if (!Float.isFinite(x[r][c])) {
                    throw new IllegalArgumentException(name + "[" + r + "][" + c + "] is " + x[r][c]);
                }
            }
        }
    }

    static void requireSameShape(float[][] a, float[][] b, String nameA, String nameB) {
        if (a.length != b.length || a[0].length != b[0].length) {
            throw new IllegalArgumentException(nameA + " is " + a.length + "x" + a[0].length + " but " + nameB
                    + " is " + b.length + "x" + b[0].length + ": they must match");
        }
    }
}
