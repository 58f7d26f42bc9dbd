package io.encodingfarm.models.speech;

import java.util.List;

/** What every speech extractor shares: its layer names and seed A's windows over the whole audio. */
abstract class WindowedFeatures implements AudioFeatureExtractor {
    private final List<String> layerNames;

    WindowedFeatures(List<String> layerNames) {
        this.layerNames = List.copyOf(layerNames);
    }

    /** Checked before any native weights are allocated, so a wrong count leaks nothing. */
    static void checkLayerNames(List<String> layerNames, int hiddenStates) {
        if (layerNames.size() != hiddenStates) {
            throw new IllegalArgumentException(layerNames.size() + " layer names for " + hiddenStates + " hidden states");
        }
    }

    @Override
    public List<String> layerNames() {
        return layerNames;
    }

    @Override
    public AudioFeatures extract(float[] samples16k) {
        return extract(samples16k, SlidingWindows.of(samples16k.length));
    }

    /** Features of the given windows of the audio only (each at most 30 s), in their order. */
    public abstract AudioFeatures extract(float[] samples16k, List<SlidingWindows.Window> windows);
}
