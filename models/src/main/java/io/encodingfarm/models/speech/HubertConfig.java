package io.encodingfarm.models.speech;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.encodingfarm.models.lm.ModelConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A Hugging Face HuBERT {@code config.json} of the base layout: a convolutional feature encoder with
 * group norm on its first layer, and a post-LN transformer with a weight-normed convolutional position embedding.
 */
public record HubertConfig(int hidden, int layers, int heads, int intermediate, int[] convDim, int[] convKernel,
                           int[] convStride, boolean convBias, int posKernel, int posGroups, double layerNormEps) {
    public HubertConfig {
        if (hidden < 1 || layers < 1 || heads < 1 || hidden % heads != 0 || intermediate < 1 || posGroups < 1 || hidden % posGroups != 0
                || convDim.length == 0 || convDim.length != convKernel.length || convDim.length != convStride.length) {
            throw new IllegalArgumentException("hubert config: inconsistent sizes (hidden_size " + hidden + ", num_attention_heads " + heads
                    + ", num_conv_pos_embedding_groups " + posGroups + ", conv_dim/conv_kernel/conv_stride " + Arrays.toString(convDim)
                    + Arrays.toString(convKernel) + Arrays.toString(convStride) + ")");
        }
    }

    public static HubertConfig read(Path checkpointDir) {
        ModelConfig c = ModelConfig.read(checkpointDir);
        if (!c.modelType().equals("hubert")) {
            throw new IllegalArgumentException(checkpointDir + ": model_type \"" + c.modelType() + "\" is not a HuBERT checkpoint (model_type hubert)");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(checkpointDir.resolve(ModelConfig.FILE).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + checkpointDir.resolve(ModelConfig.FILE), e);
        }
        refuseUnless(c, checkpointDir, "feat_extract_norm", "group");
        refuseUnless(c, checkpointDir, "hidden_act", "gelu");
        refuseUnless(c, checkpointDir, "feat_extract_activation", "gelu");
        for (String flag : new String[] {"do_stable_layer_norm", "conv_pos_batch_norm"}) {
            if (root.path(flag).asBoolean(false)) {
                throw new IllegalArgumentException(checkpointDir + ": " + flag + " = true (the large HuBERT layout) is not supported; only the base layout is");
            }
        }
        if (!root.path("feat_proj_layer_norm").asBoolean(true)) {
            throw new IllegalArgumentException(checkpointDir + ": feat_proj_layer_norm = false is not supported");
        }
        return new HubertConfig(c.integer("hidden_size"), c.integer("num_hidden_layers"), c.integer("num_attention_heads"),
                c.integer("intermediate_size"), ints(root, "conv_dim", checkpointDir), ints(root, "conv_kernel", checkpointDir),
                ints(root, "conv_stride", checkpointDir), root.path("conv_bias").asBoolean(false), c.integer("num_conv_pos_embeddings"),
                c.integer("num_conv_pos_embedding_groups"), c.number("layer_norm_eps", 1e-5));
    }

    private static void refuseUnless(ModelConfig c, Path dir, String key, String expected) {
        if (c.has(key) && !c.text(key).equals(expected)) {
            throw new IllegalArgumentException(dir + ": " + key + " = \"" + c.text(key) + "\" is not supported; only \"" + expected + "\" is");
        }
    }

    private static int[] ints(JsonNode root, String key, Path dir) {
        JsonNode a = root.get(key);
        if (a == null || !a.isArray()) throw new IllegalArgumentException(dir + ": config.json needs the integer list \"" + key + "\"");
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).asInt();
        return v;
    }

    public int headDim() {
        return hidden / heads;
    }

    public int hiddenStateCount() {
        return layers + 1;
    }

    /** Frames the feature encoder makes of {@code samples} (no padding: floor((L − k)/s) + 1 per layer), 0 if too short. */
    public int frames(int samples) {
        int length = samples;
        for (int i = 0; i < convKernel.length; i++) {
            if (length < convKernel[i]) return 0;
            length = (length - convKernel[i]) / convStride[i] + 1;
        }
        return length;
    }
}
