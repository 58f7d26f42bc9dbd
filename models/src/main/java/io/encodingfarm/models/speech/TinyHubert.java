package io.encodingfarm.models.speech;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a randomly initialized HuBERT (base layout) checkpoint as the Hugging Face hub stores them:
 * {@code config.json} (model_type hubert), {@code preprocessor_config.json} (Wav2Vec2FeatureExtractor with
 * per-clip normalization) and F32 {@code model.safetensors}, the position convolution weight-normed as
 * {@code weight_g} / {@code weight_v}.
 */
public final class TinyHubert {
    private TinyHubert() {
    }

    public static Path write(HubertConfig c, long seed, Path dir) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("model_type", "hubert");
        config.put("architectures", new String[] {"HubertModel"});
        config.put("hidden_size", c.hidden());
        config.put("num_hidden_layers", c.layers());
        config.put("num_attention_heads", c.heads());
        config.put("intermediate_size", c.intermediate());
        config.put("hidden_act", "gelu");
        config.put("feat_extract_activation", "gelu");
        config.put("feat_extract_norm", "group");
        config.put("feat_proj_layer_norm", true);
        config.put("do_stable_layer_norm", false);
        config.put("conv_dim", c.convDim());
        config.put("conv_kernel", c.convKernel());
        config.put("conv_stride", c.convStride());
        config.put("conv_bias", c.convBias());
        config.put("num_conv_pos_embeddings", c.posKernel());
        config.put("num_conv_pos_embedding_groups", c.posGroups());
        config.put("layer_norm_eps", c.layerNormEps());
        config.put("vocab_size", 32);
        Map<String, Object> preprocessor = new LinkedHashMap<>();
        preprocessor.put("feature_extractor_type", "Wav2Vec2FeatureExtractor");
        preprocessor.put("feature_size", 1);
        preprocessor.put("sampling_rate", WhisperFrontEnd.SAMPLE_RATE);
        preprocessor.put("padding_value", 0.0);
        preprocessor.put("do_normalize", true);
        preprocessor.put("return_attention_mask", false);
        return CheckpointFiles.write(dir, "HuBERT", config, preprocessor, shapes(c), seed, name -> null);
    }

    static Map<String, long[]> shapes(HubertConfig c) {
        long h = c.hidden();
        Map<String, long[]> s = new LinkedHashMap<>();
        long in = 1;
        for (int i = 0; i < c.convDim().length; i++) {
            String l = "feature_extractor.conv_layers." + i + ".";
            s.put(l + "conv.weight", new long[] {c.convDim()[i], in, c.convKernel()[i]});
            if (c.convBias()) s.put(l + "conv.bias", new long[] {c.convDim()[i]});
            if (i == 0) {
                s.put(l + "layer_norm.weight", new long[] {c.convDim()[0]});
                s.put(l + "layer_norm.bias", new long[] {c.convDim()[0]});
            }
            in = c.convDim()[i];
        }
        s.put("feature_projection.layer_norm.weight", new long[] {in});
        s.put("feature_projection.layer_norm.bias", new long[] {in});
        s.put("feature_projection.projection.weight", new long[] {h, in});
        s.put("feature_projection.projection.bias", new long[] {h});
        s.put("encoder.pos_conv_embed.conv.weight_g", new long[] {1, 1, c.posKernel()});
        s.put("encoder.pos_conv_embed.conv.weight_v", new long[] {h, h / c.posGroups(), c.posKernel()});
        s.put("encoder.pos_conv_embed.conv.bias", new long[] {h});
        s.put("encoder.layer_norm.weight", new long[] {h});
        s.put("encoder.layer_norm.bias", new long[] {h});
        for (int i = 0; i < c.layers(); i++) {
            String l = "encoder.layers." + i + ".";
            for (String p : new String[] {"q_proj", "k_proj", "v_proj", "out_proj"}) {
                s.put(l + "attention." + p + ".weight", new long[] {h, h});
                s.put(l + "attention." + p + ".bias", new long[] {h});
            }
            s.put(l + "layer_norm.weight", new long[] {h});
            s.put(l + "layer_norm.bias", new long[] {h});
            s.put(l + "feed_forward.intermediate_dense.weight", new long[] {c.intermediate(), h});
            s.put(l + "feed_forward.intermediate_dense.bias", new long[] {c.intermediate()});
            s.put(l + "feed_forward.output_dense.weight", new long[] {h, c.intermediate()});
            s.put(l + "feed_forward.output_dense.bias", new long[] {h});
            s.put(l + "final_layer_norm.weight", new long[] {h});
            s.put(l + "final_layer_norm.bias", new long[] {h});
        }
        return s;
    }
}
