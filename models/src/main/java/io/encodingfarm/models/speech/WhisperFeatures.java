package io.encodingfarm.models.speech;

import io.encodingfarm.models.checkpoint.Safetensors;
import io.encodingfarm.models.lm.DjlRuntime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Whisper-encoder features over {@link SlidingWindows}: each window is turned into a 30 s log-mel input,
 * encoded, and every hidden state is kept at {@link SlidingWindows#lastEncoderFrame}. Windows of equal
 * length share that frame and are encoded together, up to {@link #BATCH} at a time.
 */
public final class WhisperFeatures extends WindowedFeatures {
    /** Clips per encoder pass: the attention scores of whisper-tiny take ~54 MB per clip in float32. */
    public static final int BATCH = 8;

    private final WhisperConfig config;
    private final WhisperFrontEnd frontEnd;
    private final WhisperEncoder encoder;

    private WhisperFeatures(WhisperConfig config, List<String> layerNames, WhisperEncoder encoder) {
        super(layerNames);
        this.config = config;
        this.frontEnd = new WhisperFrontEnd(config.melBins());
        this.encoder = encoder;
    }

    /** @param layerNames one per hidden state ({@link WhisperConfig#hiddenStateCount()}), as the caller names layers */
    public static WhisperFeatures open(Path checkpointDir, String device, List<String> layerNames) {
        WhisperConfig config = WhisperConfig.read(checkpointDir);
        checkLayerNames(layerNames, config.hiddenStateCount());
        return new WhisperFeatures(config, layerNames,
                new WhisperEncoder(config, Safetensors.open(checkpointDir), DjlRuntime.device(device)));
    }

    public WhisperConfig config() {
        return config;
    }

    @Override
    public AudioFeatures extract(float[] samples16k, List<SlidingWindows.Window> windows) {
        return WindowBatches.extract(samples16k, windows, config.hiddenStateCount(), BATCH, clips -> {
            List<float[]> logMels = new ArrayList<>();
            for (float[] clip : clips) logMels.add(frontEnd.logMel(clip));
            return encoder.hiddenStatesAt(logMels, SlidingWindows.lastEncoderFrame(clips.get(0).length));
        });
    }

    @Override
    public void close() {
        encoder.close();
    }
}
