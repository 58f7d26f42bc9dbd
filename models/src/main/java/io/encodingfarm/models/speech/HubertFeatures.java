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
 * HuBERT features over {@link SlidingWindows}: each window's raw waveform is normalized to zero mean and
 * unit variance (Wav2Vec2FeatureExtractor's do_normalize), encoded without padding, and every hidden state
 * is kept at the window's last frame. Windows of equal length are encoded together, {@link #BATCH} at a time.
 */
public final class HubertFeatures implements AudioFeatureExtractor {
    public static final int BATCH = 8;

    private final HubertConfig config;
    private final List<String> layerNames;
    private final HubertEncoder encoder;

    private HubertFeatures(HubertConfig config, List<String> layerNames, HubertEncoder encoder) {
        this.config = config;
        this.layerNames = List.copyOf(layerNames);
        this.encoder = encoder;
    }

    /** @param layerNames one per hidden state ({@link HubertConfig#hiddenStateCount()}) */
    public static HubertFeatures open(Path checkpointDir, String device, List<String> layerNames) {
        HubertConfig config = HubertConfig.read(checkpointDir);
        if (layerNames.size() != config.hiddenStateCount()) {
            throw new IllegalArgumentException(layerNames.size() + " layer names for " + config.hiddenStateCount() + " hidden states");
        }
        return new HubertFeatures(config, layerNames, new HubertEncoder(config, Safetensors.open(checkpointDir), DjlRuntime.device(device)));
    }

    @Override
    public List<String> layerNames() {
        return layerNames;
    }

    /** (x − mean) / √(variance + 1e-7), as Wav2Vec2FeatureExtractor normalizes a clip. */
    static float[] normalized(float[] clip) {
        double mean = 0;
        for (float v : clip) mean += v;
        mean /= clip.length;
        double variance = 0;
        for (float v : clip) variance += (v - mean) * (v - mean);
        variance /= clip.length;
        double scale = 1 / Math.sqrt(variance + 1e-7);
        float[] out = new float[clip.length];
        for (int i = 0; i < clip.length; i++) out[i] = (float) ((clip[i] - mean) * scale);
        return out;
    }

    @Override
    public AudioFeatures extract(float[] samples16k) {
        List<SlidingWindows.Window> windows = SlidingWindows.of(samples16k.length);
        float[][][] features = new float[config.hiddenStateCount()][windows.size()][];
        double[][] times = new double[windows.size()][];
        Map<Integer, List<Integer>> byLength = new LinkedHashMap<>();
        for (int i = 0; i < windows.size(); i++) {
            times[i] = windows.get(i).seconds();
            byLength.computeIfAbsent(windows.get(i).length(), k -> new ArrayList<>()).add(i);
        }
        for (Map.Entry<Integer, List<Integer>> group : byLength.entrySet()) {
            int last = config.frames(group.getKey()) - 1;
            List<Integer> members = group.getValue();
            for (int from = 0; from < members.size(); from += BATCH) {
                List<Integer> batch = members.subList(from, Math.min(members.size(), from + BATCH));
                List<float[]> clips = new ArrayList<>();
                for (int i : batch) {
                    SlidingWindows.Window w = windows.get(i);
                    clips.add(normalized(Arrays.copyOfRange(samples16k, w.start(), w.end())));
                }
                float[][][] states = encoder.hiddenStates(clips, x -> x.get(":, " + last + ", :"));
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
