package io.encodingfarm.science;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Ridge regression without intercept from one eigendecomposition of the training Gram matrix
 * XᵀX = V diag(λ) Vᵀ, for any number of α: W(α) = V diag(1/(λ+α)) Vᵀ XᵀY.
 *
 * <p>This equals the SVD form V diag(s/(s²+α)) UᵀY, since λ = s² and UᵀY = diag(1/s) VᵀXᵀY. Components
 * with s at or below the singular-value cutoff (λ ≤ cutoff²) are dropped, as in the SVD form.
 * Predictions on new rows X_e are formed as (X_e V diag(1/(λ+α)) Vᵀ) · XᵀY: the left factor is only
 * rows x features, so the voxel-sized product is done once per α and never a features² x voxels one.
 */
final class EigenRidge {
    private final int p;
    private final double[] values;
    private final double minEigenvalue;
    /** p x p, column k is eigenvector k. */
    private final double[] v;
    /** p x p, row k is eigenvector k. */
    private final double[] vt;

    EigenRidge(double[] gram, int p, double singularCutoff) {
        this.p = p;
        SymmetricEigen eig = SymmetricEigen.of(gram, p);
        values = eig.values;
        minEigenvalue = singularCutoff * singularCutoff;
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
        for (int k = 0; k < p; k++) {
            double d = values[k] > minEigenvalue ? 1 / (values[k] + alpha) : 0;
            for (int r = 0; r < rows; r++) {
                q[r * p + k] *= d;
            }
        }
        return Dense.multiply(q, rows, p, vt, p);
    }

    /** Predictions X_e · W(α) for every voxel, rows x voxels row-major. */
    double[] predict(double[] xe, int rows, double alpha, float[][] xty) {
        return Dense.multiply(projector(xe, rows, alpha), rows, p, Arrays.asList(xty), xty[0].length);
    }

    /** Weights with each voxel's own α: p float rows of length voxels. Voxels sharing an α share one product. */
    float[][] weights(float[][] xty, double[] alphaPerVoxel) {
        int voxels = xty[0].length;
        double[] identity = new double[p * p];
        for (int i = 0; i < p; i++) {
            identity[i * p + i] = 1;
        }
        float[][] w = new float[p][voxels];
        for (double alpha : Arrays.stream(alphaPerVoxel).distinct().toArray()) {
            int[] cols = java.util.stream.IntStream.range(0, voxels).filter(j -> alphaPerVoxel[j] == alpha).toArray();
            List<float[]> block = new ArrayList<>(p);
            for (float[] row : xty) {
                float[] sub = new float[cols.length];
                for (int c = 0; c < cols.length; c++) {
                    sub[c] = row[cols[c]];
                }
                block.add(sub);
            }
            double[] wBlock = Dense.multiply(projector(identity, p, alpha), p, p, block, cols.length);
            for (int i = 0; i < p; i++) {
                for (int c = 0; c < cols.length; c++) {
                    w[i][cols[c]] = (float) wBlock[i * cols.length + c];
                }
            }
        }
        return w;
    }
}
