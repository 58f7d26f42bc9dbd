package io.encodingfarm.science;

/**
 * Nested leave-one-run-out result.
 *
 * @param scores       per voxel: mean Pearson r over the test runs
 * @param chosenAlphas one α per test run, chosen on that fold's validation run
 * @param foldScores   runs x voxels: Pearson r on each test run
 */
public record LoroResult(float[] scores, double[] chosenAlphas, float[][] foldScores) {
}
