package io.encodingfarm.reporter;

/** One fit's summary: a feature set's layer on one subject. */
public record ScoreRow(String label, String layer, int layerIndex, int layerCount, String subject, String fitId,
                       int nVoxels, double meanR, double left, double right, double leftMinusRight) {
}
