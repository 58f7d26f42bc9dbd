package io.encodingfarm.models.speech;

import io.encodingfarm.models.lm.ModelConfig;
import java.nio.file.Path;

/** The encoder's shape from a Hugging Face Whisper {@code config.json}. */
public record WhisperConfig(int dModel, int layers, int heads, int ffnDim, int melBins, int maxSourcePositions) {
    public static final double LAYER_NORM_EPS = 1e-5;
    /** Whisper's encoder always sees 30 s: 3,000 mel frames, halved by conv2. */
    public static final int ENCODER_FRAMES = WhisperFrontEnd.FRAMES / 2;

    public WhisperConfig {
        if (dModel < 1 || layers < 1 || heads < 1 || dModel % heads != 0 || ffnDim < 1 || melBins < 1) {
            throw new IllegalArgumentException("whisper config: need positive sizes and encoder_attention_heads dividing d_model, got d_model "
                    + dModel + ", encoder_layers " + layers + ", encoder_attention_heads " + heads + ", encoder_ffn_dim " + ffnDim
                    + ", num_mel_bins " + melBins);
        }
        if (maxSourcePositions != ENCODER_FRAMES) {
            throw new IllegalArgumentException("whisper config: max_source_positions must be " + ENCODER_FRAMES
                    + " (30 s of audio after conv2), got " + maxSourcePositions);
        }
    }

    public static WhisperConfig read(Path checkpointDir) {
        ModelConfig c = ModelConfig.read(checkpointDir);
        if (!c.modelType().equals("whisper")) {
            throw new IllegalArgumentException(checkpointDir + ": model_type \"" + c.modelType() + "\" is not a Whisper checkpoint (model_type whisper)");
        }
        if (c.has("activation_function") && !c.text("activation_function").equals("gelu")) {
            throw new IllegalArgumentException(checkpointDir + ": activation_function \"" + c.text("activation_function")
                    + "\" is not supported; Whisper uses gelu");
        }
        return new WhisperConfig(c.integer("d_model"), c.integer("encoder_layers"), c.integer("encoder_attention_heads"),
                c.integer("encoder_ffn_dim"), c.integer("num_mel_bins"), c.integer("max_source_positions", ENCODER_FRAMES));
    }

    public int headDim() {
        return dModel / heads;
    }

    /** The conv/embedding output plus one per block. */
    public int hiddenStateCount() {
        return layers + 1;
    }
}
