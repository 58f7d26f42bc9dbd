package io.encodingfarm.formats;

import java.util.Arrays;

/**
 * A 3-D or 4-D NIfTI image: voxel values (x fastest, then y, z, t — the on-disk order, scaling by
 * {@code scl_slope}/{@code scl_inter} already applied), the voxel-to-world affine (4×4, mm), the
 * datatype it is stored as, and the repetition time of 4-D images.
 */
public final class NiftiImage {
    /** {@code NIFTI_XFORM_MNI_152}: the affine maps voxels to MNI space. */
    public static final int XFORM_MNI_152 = 4;

    private final int[] shape;
    private final double[][] affine;
    private final float[] data;
    private final NiftiDatatype datatype;
    private final double tr;
    private final int xformCode;

    public NiftiImage(int[] shape, double[][] affine, float[] data, NiftiDatatype datatype, double tr, int xformCode) {
        if (shape.length < 1 || shape.length > 7) throw new IllegalArgumentException("NIfTI images have 1–7 dimensions, got shape " + Arrays.toString(shape));
        long n = 1;
        for (int d : shape) {
            if (d < 1) throw new IllegalArgumentException("NIfTI dimensions must be ≥ 1, got shape " + Arrays.toString(shape));
            n *= d;
        }
        if (n != data.length) throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
        if (affine.length != 4 || Arrays.stream(affine).anyMatch(r -> r.length != 4)) throw new IllegalArgumentException("affine must be 4×4");
        this.shape = shape.clone();
        this.affine = copy(affine);
        this.data = data;
        this.datatype = datatype;
        this.tr = tr;
        this.xformCode = xformCode;
    }

    /** A uint8 mask (1 inside, 0 outside) in MNI space. */
    public static NiftiImage mask(int[] shape, double[][] affine, boolean[] inside) {
        float[] data = new float[inside.length];
        for (int i = 0; i < inside.length; i++) data[i] = inside[i] ? 1 : 0;
        return new NiftiImage(shape, affine, data, NiftiDatatype.UINT8, 0, XFORM_MNI_152);
    }

    /** A float32 3-D map or 4-D series in MNI space; {@code tr} is pixdim[4] of 4-D images (0 for 3-D). */
    public static NiftiImage floats(int[] shape, double[][] affine, float[] data, double tr) {
        return new NiftiImage(shape, affine, data, NiftiDatatype.FLOAT32, tr, XFORM_MNI_152);
    }

    public static double[][] scalingAffine(double voxelMm, double[] origin) {
        return new double[][]{{voxelMm, 0, 0, origin[0]}, {0, voxelMm, 0, origin[1]}, {0, 0, voxelMm, origin[2]}, {0, 0, 0, 1}};
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Number of volumes (1 for a 3-D image). */
    public int volumes() {
        int v = 1;
        for (int i = 3; i < shape.length; i++) v *= shape[i];
        return v;
    }

    /** Voxels per volume. */
    public int voxelsPerVolume() {
        int v = 1;
        for (int i = 0; i < Math.min(3, shape.length); i++) v *= shape[i];
        return v;
    }

    public double[][] affine() {
        return copy(affine);
    }

    /** The values, not copied: x fastest. */
    public float[] data() {
        return data;
    }

    public NiftiDatatype datatype() {
        return datatype;
    }

    public double tr() {
        return tr;
    }

    public int xformCode() {
        return xformCode;
    }

    /** Flat index of voxel (i, j, k) within a volume. */
    public int index(int i, int j, int k) {
        return i + shape[0] * (j + dim(1) * k);
    }

    public float value(int i, int j, int k, int volume) {
        return data[index(i, j, k) + volume * voxelsPerVolume()];
    }

    /** World (mm) coordinates of voxel (i, j, k). */
    public double[] world(double i, double j, double k) {
        double[] out = new double[3];
        for (int r = 0; r < 3; r++) out[r] = affine[r][0] * i + affine[r][1] * j + affine[r][2] * k + affine[r][3];
        return out;
    }

    /** Values of the given within-volume voxels across volumes: volumes × voxels. */
    public float[][] timeSeries(int[] voxelIndices) {
        int volumes = volumes();
        int perVolume = voxelsPerVolume();
        float[][] out = new float[volumes][voxelIndices.length];
        for (int t = 0; t < volumes; t++) {
            int base = t * perVolume;
            float[] row = out[t];
            for (int v = 0; v < voxelIndices.length; v++) row[v] = data[base + voxelIndices[v]];
        }
        return out;
    }

    /** Voxel size along the first three axes (column norms of the affine). */
    public double[] voxelSizes() {
        double[] out = new double[3];
        for (int c = 0; c < 3; c++) out[c] = Math.sqrt(affine[0][c] * affine[0][c] + affine[1][c] * affine[1][c] + affine[2][c] * affine[2][c]);
        return out;
    }

    private int dim(int axis) {
        return axis < shape.length ? shape[axis] : 1;
    }

    static double[][] copy(double[][] m) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) out[i] = m[i].clone();
        return out;
    }

    @Override
    public String toString() {
        return "NiftiImage" + Arrays.toString(shape) + " " + datatype + (tr > 0 ? " TR " + tr : "");
    }
}
