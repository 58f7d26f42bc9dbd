package io.encodingfarm.datasets;

/** Side of a voxel by the sign of its MNI x coordinate (negative x is left). */
public enum Hemisphere {
    LEFT, MIDLINE, RIGHT;

    public static Hemisphere ofX(double xMm) {
        return xMm < 0 ? LEFT : xMm > 0 ? RIGHT : MIDLINE;
    }
}
