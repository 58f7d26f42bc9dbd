package io.encodingfarm.formats;

/** What a NIfTI header says about its image: shape, voxel-to-world affine, datatype, TR (pixdim[4]), xform code. */
public record NiftiHeader(int[] shape, double[][] affine, NiftiDatatype datatype, double tr, int xformCode) {
    public NiftiHeader {
        shape = shape.clone();
        affine = NiftiImage.copy(affine);
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public double[][] affine() {
        return NiftiImage.copy(affine);
    }

    public int volumes() {
        int v = 1;
        for (int i = 3; i < shape.length; i++) v *= shape[i];
        return v;
    }
}
