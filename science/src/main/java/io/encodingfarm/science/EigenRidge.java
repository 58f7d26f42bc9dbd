package io.encodingfarm.science;

/**
 * Ridge regression without intercept from one eigendecomposition of the training Gram matrix
 * XᵀX = V diag(λ) Vᵀ, for any number of α: W(α) = V diag(1/(λ+α)) Vᵀ XᵀY.
 *
 * <p>Predictions on new rows X_e are formed as (X_e V diag(1/(λ+α)) Vᵀ) · XᵀY: the left factor is only
 * rows x features, so the voxel-sized product is done once per α and never a features² x voxels one.
 * This equals the SVD form V diag(s/(s²+α)) UᵀY exactly, since UᵀY = diag(1/s) VᵀXᵀY.
 */
final class EigenRidge {
    private final int p;
    private final double[] values;
    /** p x p, column k is eigenvector k. */
    private final double[] v;
    /** p x p, row k is eigenvector k. */
    private final double[] vt;

    EigenRidge(double[] gram, int p) {
        this.p = p;
        SymmetricEigen eig = SymmetricEigen.of(gram, p);
        values = eig.values;
        v = new double[p * p];
        vt = new double[p * p];
        for (int k = 0; k < p; k++) {
            double[] vec = eig.vectors[k];
            System.arraycopy(vec, 0, vt, k * p, p);
            for (int i = 0; i < p; i++) {
                v[i * p + k] = vec[i];
            }
        }
    }

    /** X_e (rows x p) · V diag(1/(λ+α)) Vᵀ, row-major rows x p. */
    double[] projector(double[] xe, int rows, double alpha) {
        double[] q = Dense.multiply(xe, rows, p, v, p);
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < p; k++) {
                q[r * p + k] /= values[k] + alpha;
            }
        }
        return Dense.multiply(q, rows, p, vt, p);
    }

    /** Weights V diag(1/(λ+α)) Vᵀ · XᵀY as a p x voxels row-major matrix. */
    double[] weights(float[][] xty, double alpha) {
        double[] identity = new double[p * p];
        for (int i = 0; i < p; i++) {
            identity[i * p + i] = 1;
        }
        return Dense.multiply(projector(identity, p, alpha), p, p, java.util.Arrays.asList(xty), xty[0].length);
    }
}
