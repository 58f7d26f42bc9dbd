package io.encodingfarm.models.speech;

import io.encodingfarm.models.checkpoint.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a randomly initialized Whisper checkpoint in the Hugging Face layout: {@code config.json}
 * (model_type whisper), {@code preprocessor_config.json} (WhisperFeatureExtractor) and an F32
 * {@code model.safetensors} holding the encoder under Hugging Face's tensor names. Positions are
 * Whisper's sinusoids, as in real checkpoints; the decoder is not written (feature extraction never runs it).
 */
public final class TinyWhisper {
    private TinyWhisper() {
    }

    public static Path write(WhisperConfig c, long seed, Path dir) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("model_type", "whisper");
        config.put("architectures", new String[] {"WhisperModel"});
        config.put("d_model", c.dModel());
        config.put("encoder_layers", c.layers());
        config.put("encoder_attention_heads", c.heads());
        config.put("encoder_ffn_dim", c.ffnDim());
        config.put("decoder_layers", c.layers());
        config.put("decoder_attention_heads", c.heads());
        config.put("decoder_ffn_dim", c.ffnDim());
        config.put("num_mel_bins", c.melBins());
        config.put("max_source_positions", c.maxSourcePositions());
        config.put("max_target_positions", 448);
        config.put("vocab_size", 64);
        // Token ids inside the tiny vocabulary, so that transformers can build the (unused) decoder.
        config.put("pad_token_id", 0);
        config.put("bos_token_id", 1);
        config.put("eos_token_id", 2);
        config.put("decoder_start_token_id", 3);
        config.put("activation_function", "gelu");
        config.put("scale_embedding", false);
        Map<String, Object> preprocessor = new LinkedHashMap<>();
        preprocessor.put("feature_extractor_type", "WhisperFeatureExtractor");
        preprocessor.put("feature_size", c.melBins());
        preprocessor.put("sampling_rate", WhisperFrontEnd.SAMPLE_RATE);
        preprocessor.put("hop_length", WhisperFrontEnd.HOP);
        preprocessor.put("n_fft", WhisperFrontEnd.N_FFT);
        preprocessor.put("chunk_length", WhisperFrontEnd.INPUT_SAMPLES / WhisperFrontEnd.SAMPLE_RATE);
        preprocessor.put("n_samples", WhisperFrontEnd.INPUT_SAMPLES);
        preprocessor.put("nb_max_frames", WhisperFrontEnd.FRAMES);
        preprocessor.put("padding_value", 0.0);
        preprocessor.put("return_attention_mask", false);
        return CheckpointFiles.write(dir, "Whisper", config, preprocessor, shapes(c), seed, name -> name.equals(WhisperEncoder.POSITIONS) ? sinusoids(c.maxSourcePositions(), c.dModel()) : null);
    }

    static Map<String, long[]> shapes(WhisperConfig c) {
        long d = c.dModel();
        Map<String, long[]> s = new LinkedHashMap<>();
        String e = WhisperEncoder.PREFIX;
        s.put(e + "conv1.weight", new long[] {d, c.melBins(), 3});
        s.put(e + "conv1.bias", new long[] {d});
        s.put(e + "conv2.weight", new long[] {d, d, 3});
        s.put(e + "conv2.bias", new long[] {d});
        s.put(WhisperEncoder.POSITIONS, new long[] {c.maxSourcePositions(), d});
        for (int i = 0; i < c.layers(); i++) {
            String l = e + "layers." + i + ".";
            for (String p : new String[] {"q_proj", "k_proj", "v_proj", "out_proj"}) {
                s.put(l + "self_attn." + p + ".weight", new long[] {d, d});
                if (!p.equals("k_proj")) s.put(l + "self_attn." + p + ".bias", new long[] {d});
            }
            s.put(l + "self_attn_layer_norm.weight", new long[] {d});
            s.put(l + "self_attn_layer_norm.bias", new long[] {d});
            s.put(l + "fc1.weight", new long[] {c.ffnDim(), d});
            s.put(l + "fc1.bias", new long[] {c.ffnDim()});
            s.put(l + "fc2.weight", new long[] {d, c.ffnDim()});
            s.put(l + "fc2.bias", new long[] {d});
            s.put(l + "final_layer_norm.weight", new long[] {d});
            s.put(l + "final_layer_norm.bias", new long[] {d});
        }
        s.put(e + "layer_norm.weight", new long[] {d});
        s.put(e + "layer_norm.bias", new long[] {d});
        return s;
    }

    /** Whisper's fixed position table: sin of position × geometric frequencies, then cos, each on half the width. */
    static Tensor sinusoids(int length, int channels) {
        int half = channels / 2;
        double increment = Math.log(10000) / (half - 1);
        float[] v = new float[length * channels];
        for (int t = 0; t < length; t++) {
            for (int i = 0; i < half; i++) {
                double angle = t * Math.exp(-increment * i);
                v[t * channels + i] = (float) Math.sin(angle);
                v[t * channels + half + i] = (float) Math.cos(angle);
            }
        }
        return Tensor.of(v, length, channels);
    }
}
