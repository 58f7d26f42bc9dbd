package io.encodingfarm.science;

/** Across-layer summaries of per-voxel scores. */
public final class Summaries {
    private Summaries() {
    }

    /**
     * @param score     per voxel, the best score over layers
     * @param layer     per voxel, the index of the layer giving it (first on ties)
     * @param modelScore mean over voxels of the best score
     */
    public record BestLayer(float[] score, int[] layer, double modelScore) {
    }

    /** @param layerScores layers x voxels */
    public static BestLayer bestLayer(float[][] layerScores) {
        Arrays2d.requireRectangular(layerScores, "layer scores");
        int voxels = layerScores[0].length;
        float[] best = layerScores[0].clone();
        int[] layer = new int[voxels];
        for (int l = 1; l < layerScores.length; l++) {
            for (int v = 0; v < voxels; v++) {
                if (layerScores[l][v] > best[v]) {
                    best[v] = layerScores[l][v];
                    layer[v] = l;
                }
            }
        }
        return new BestLayer(best, layer, Stats.mean(best));
    }
}
