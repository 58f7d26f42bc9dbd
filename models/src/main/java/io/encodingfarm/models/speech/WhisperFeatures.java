package io.encodingfarm.models.speech;

import io.encodingfarm.models.checkpoint.Safetensors;
import io.encodingfarm.models.lm.DjlRuntime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whisper-encoder features over {@link SlidingWindows}: each window is turned into a 30 s log-mel input,
 * encoded, and every hidden state is kept at {@link SlidingWindows#lastEncoderFrame}. Windows of equal
 * length share that frame and are encoded together, up to {@link #BATCH} at a time.
 */
public final class WhisperFeatures implements AudioFeatureExtractor {
    /** Clips per encoder pass: the attention scores of whisper-tiny take ~54 MB per clip in float32. */
    public static final int BATCH = 8;

    private final WhisperConfig config;
    private final List<String> layerNames;
    private final WhisperFrontEnd frontEnd;
    private final WhisperEncoder encoder;

    private WhisperFeatures(WhisperConfig config, List<String> layerNames, WhisperEncoder encoder) {
        this.config = config;
        this.layerNames = List.copyOf(layerNames);
        this.frontEnd = new WhisperFrontEnd(config.melBins());
        this.encoder = encoder;
    }

    /** @param layerNames one per hidden state ({@link WhisperConfig#hiddenStateCount()}), as the caller names layers */
    public static WhisperFeatures open(Path checkpointDir, String device, List<String> layerNames) {
        WhisperConfig config = WhisperConfig.read(checkpointDir);
        if (layerNames.size() != config.hiddenStateCount()) {
            throw new IllegalArgumentException(layerNames.size() + " layer names for " + config.hiddenStateCount() + " hidden states");
        }
        return new WhisperFeatures(config, layerNames,
                new WhisperEncoder(config, Safetensors.open(checkpointDir), DjlRuntime.device(device)));
    }

    public WhisperConfig config() {
        return config;
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
    public AudioFeatures extract(float[] samples16k, List<SlidingWindows.Window> windows) {
        for (SlidingWindows.Window w : windows) {
            if (w.start() < 0 || w.end() > samples16k.length || w.length() < 1 || w.length() > WhisperFrontEnd.INPUT_SAMPLES) {
                throw new IllegalArgumentException("window " + w + " does not lie within the " + samples16k.length
                        + " samples or is longer than 30 s");
            }
        }
        float[][][] features = new float[config.hiddenStateCount()][windows.size()][];
        double[][] times = new double[windows.size()][];
        Map<Integer, List<Integer>> byLength = new LinkedHashMap<>();
        for (int i = 0; i < windows.size(); i++) {
            times[i] = windows.get(i).seconds();
            byLength.computeIfAbsent(windows.get(i).length(), k -> new ArrayList<>()).add(i);
        }
        for (Map.Entry<Integer, List<Integer>> group : byLength.entrySet()) {
            int frame = SlidingWindows.lastEncoderFrame(group.getKey());
            List<Integer> members = group.getValue();
            for (int from = 0; from < members.size(); from += BATCH) {
                List<Integer> batch = members.subList(from, Math.min(members.size(), from + BATCH));
                List<float[]> logMels = new ArrayList<>();
                for (int i : batch) {
                    SlidingWindows.Window w = windows.get(i);
                    logMels.add(frontEnd.logMel(Arrays.copyOfRange(samples16k, w.start(), w.end())));
                }
                float[][][] states = encoder.hiddenStatesAt(logMels, frame);
                for (int l = 0; l < states.length; l++) {
                    for (int b = 0; b < batch.size(); b++) features[l][batch.get(b)] = states[l][b];
                }
            }
        }
        return new AudioFeatures(features, times);
    }

    @Override
    public void close() {
        encoder.close();
    }
}
