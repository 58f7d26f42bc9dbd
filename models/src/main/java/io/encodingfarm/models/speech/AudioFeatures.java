package io.encodingfarm.models.speech;

/**
 * Features of one audio stimulus: {@code features[layer][window]} is a vector of the layer's width and
 * {@code times[window]} is {start, end} in seconds; the feature's time is the window's end.
 */
public record AudioFeatures(float[][][] features, double[][] times) {
}
