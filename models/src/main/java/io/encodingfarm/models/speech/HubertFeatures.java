package io.encodingfarm.models.speech;

import io.encodingfarm.models.checkpoint.Safetensors;
import io.encodingfarm.models.lm.DjlRuntime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * HuBERT features over {@link SlidingWindows}: each window's raw waveform is normalized to zero mean and
 * unit variance (Wav2Vec2FeatureExtractor's do_normalize), encoded without padding, and every hidden state
 * is kept at the window's last frame. Windows of equal length are encoded together, {@link #BATCH} at a time.
 */
public final class HubertFeatures extends WindowedFeatures {
    public static final int BATCH = 8;

    private final HubertConfig config;
    private final HubertEncoder encoder;

    private HubertFeatures(HubertConfig config, List<String> layerNames, HubertEncoder encoder) {
        super(layerNames);
        this.config = config;
        this.encoder = encoder;
    }

    /** @param layerNames one per hidden state ({@link HubertConfig#hiddenStateCount()}) */
    public static HubertFeatures open(Path checkpointDir, String device, List<String> layerNames) {
        HubertConfig config = HubertConfig.read(checkpointDir);
        checkLayerNames(layerNames, config.hiddenStateCount());
        return new HubertFeatures(config, layerNames, new HubertEncoder(config, Safetensors.open(checkpointDir), DjlRuntime.device(device)));
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
    public AudioFeatures extract(float[] samples16k, List<SlidingWindows.Window> windows) {
        return WindowBatches.extract(samples16k, windows, config.hiddenStateCount(), BATCH, clips -> {
            List<float[]> normalized = new ArrayList<>();
            for (float[] clip : clips) normalized.add(normalized(clip));
            int last = config.frames(clips.get(0).length) - 1;
            return encoder.hiddenStates(normalized, x -> x.get(":, " + last + ", :"));
        });
    }

    @Override
    public void close() {
        encoder.close();
    }
}
