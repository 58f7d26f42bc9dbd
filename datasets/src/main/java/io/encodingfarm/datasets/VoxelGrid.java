package io.encodingfarm.datasets;

import io.encodingfarm.formats.NiftiImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The in-mask voxels of a mask image, in the dataset's canonical voxel order: numpy's C order over
 * (x, y, z) — x slowest, z fastest — which is the order of {@code data[mask > 0]} in nibabel/nilearn.
 */
public final class VoxelGrid {
    private VoxelGrid() {
    }

    /** Within-volume flat (x-fastest, on-disk) indices of the voxels where the mask is nonzero, in canonical order. */
    public static int[] voxelIndices(NiftiImage mask) {
        int[] s = mask.shape();
        float[] data = mask.data();
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < s[0]; i++) {
            for (int j = 0; j < s[1]; j++) {
                for (int k = 0; k < s[2]; k++) {
                    int index = mask.index(i, j, k);
                    if (data[index] != 0) out.add(index);
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** MNI (mm) coordinates of the in-mask voxels: V × 3 float32, canonical order. */
    public static float[][] coordinates(NiftiImage mask) {
        int[] s = mask.shape();
        int[] indices = voxelIndices(mask);
        float[][] out = new float[indices.length][];
        for (int v = 0; v < indices.length; v++) {
            int index = indices[v];
            int i = index % s[0];
            int j = (index / s[0]) % s[1];
            int k = index / (s[0] * s[1]);
            double[] w = mask.world(i, j, k);
            out[v] = new float[]{(float) w[0], (float) w[1], (float) w[2]};
        }
        return out;
    }

    public static Hemisphere[] hemispheres(float[][] coordinates) {
        Hemisphere[] out = new Hemisphere[coordinates.length];
        for (int v = 0; v < coordinates.length; v++) out[v] = Hemisphere.ofX(coordinates[v][0]);
        return out;
    }

    /**
     * The mask intersected with its left-right mirror (x → −x in world space), so that every kept
     * voxel has a kept homologue: the grid voxel nearest to its mirrored position. On a grid
     * symmetric around x = 0 that is the exact mirror; on an offset grid, the nearest of two.
     */
    public static boolean[] symmetrize(NiftiImage mask) {
        int[] s = mask.shape();
        double[][] inverse = inverseAffine(mask.affine());
        boolean[] out = new boolean[mask.voxelsPerVolume()];
        float[] data = mask.data();
        for (int k = 0; k < s[2]; k++) {
            for (int j = 0; j < s[1]; j++) {
                for (int i = 0; i < s[0]; i++) {
                    int index = mask.index(i, j, k);
                    if (data[index] == 0) continue;
                    double[] w = mask.world(i, j, k);
                    w[0] = -w[0];
                    int mirror = gridIndex(mask, inverse, w);
                    out[index] = mirror >= 0 && data[mirror] != 0;
                }
            }
        }
        return out;
    }

    private static int gridIndex(NiftiImage mask, double[][] inverse, double[] world) {
        int[] s = mask.shape();
        int[] ijk = new int[3];
        for (int r = 0; r < 3; r++) {
            double v = inverse[r][0] * world[0] + inverse[r][1] * world[1] + inverse[r][2] * world[2] + inverse[r][3];
            long rounded = Math.round(v);
            if (rounded < 0 || rounded >= s[r]) return -1;
            ijk[r] = (int) rounded;
        }
        return mask.index(ijk[0], ijk[1], ijk[2]);
    }

    /** Inverse of a 4×4 affine whose last row is (0, 0, 0, 1). */
    static double[][] inverseAffine(double[][] a) {
        double det = a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1])
                - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
                + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
        if (Math.abs(det) < 1e-12) throw new IllegalArgumentException("affine is singular (zero voxel size?)");
        double[][] inv = new double[4][4];
        inv[0][0] = (a[1][1] * a[2][2] - a[1][2] * a[2][1]) / det;
        inv[0][1] = (a[0][2] * a[2][1] - a[0][1] * a[2][2]) / det;
        inv[0][2] = (a[0][1] * a[1][2] - a[0][2] * a[1][1]) / det;
        inv[1][0] = (a[1][2] * a[2][0] - a[1][0] * a[2][2]) / det;
        inv[1][1] = (a[0][0] * a[2][2] - a[0][2] * a[2][0]) / det;
        inv[1][2] = (a[0][2] * a[1][0] - a[0][0] * a[1][2]) / det;
        inv[2][0] = (a[1][0] * a[2][1] - a[1][1] * a[2][0]) / det;
        inv[2][1] = (a[0][1] * a[2][0] - a[0][0] * a[2][1]) / det;
        inv[2][2] = (a[0][0] * a[1][1] - a[0][1] * a[1][0]) / det;
        for (int r = 0; r < 3; r++) inv[r][3] = -(inv[r][0] * a[0][3] + inv[r][1] * a[1][3] + inv[r][2] * a[2][3]);
        inv[3][3] = 1;
        return inv;
    }
}
