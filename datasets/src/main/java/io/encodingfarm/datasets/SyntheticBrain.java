package io.encodingfarm.datasets;

import io.encodingfarm.formats.NiftiImage;

/**
 * A brain-shaped (ellipsoidal) mask on an MNI-like grid whose x axis is symmetric around x = 0, so
 * that every voxel has a left-right homologue; with an odd number of x slices the middle slice is
 * the midline (x = 0).
 */
final class SyntheticBrain {
    /** Centre of the MNI152 brain, roughly (mm). */
    private static final double CENTER_Y = -18, CENTER_Z = 18;

    private SyntheticBrain() {
    }

    static double[][] affine(int[] shape, double voxelMm) {
        return NiftiImage.scalingAffine(voxelMm, new double[]{
                -(shape[0] - 1) / 2.0 * voxelMm,
                CENTER_Y - (shape[1] - 1) / 2.0 * voxelMm,
                CENTER_Z - (shape[2] - 1) / 2.0 * voxelMm});
    }

    static NiftiImage mask(int[] shape, double voxelMm) {
        if (shape.length != 3 || shape[0] < 3 || shape[1] < 3 || shape[2] < 3) {
            throw new IllegalArgumentException("grid shape must be three sizes ≥ 3, got " + java.util.Arrays.toString(shape));
        }
        boolean[] inside = new boolean[shape[0] * shape[1] * shape[2]];
        double[] half = {shape[0] / 2.0, shape[1] / 2.0, shape[2] / 2.0};
        for (int k = 0; k < shape[2]; k++) {
            for (int j = 0; j < shape[1]; j++) {
                for (int i = 0; i < shape[0]; i++) {
                    // Distances from the centre in index space keep the mask exactly mirror-symmetric.
                    double dx = (i - (shape[0] - 1) / 2.0) / half[0];
                    double dy = (j - (shape[1] - 1) / 2.0) / half[1];
                    double dz = (k - (shape[2] - 1) / 2.0) / half[2];
                    inside[i + shape[0] * (j + shape[1] * k)] = dx * dx + dy * dy + dz * dz <= 1;
                }
            }
        }
        return NiftiImage.mask(shape, affine(shape, voxelMm), inside);
    }
}
