package io.encodingfarm.models;

/**
 * What the scaling-law analysis records about a checkpoint.
 *
 * @param family         the config's {@code model_type} (gpt2, opt, gpt_neox, llama, …)
 * @param parameterCount stored parameters, each tensor once (tied embeddings once), buffers excluded
 * @param layerCount     hidden states per word: the embedding output plus one per block
 * @param hiddenSize     width of every hidden state
 */
public record ModelInfo(String family, long parameterCount, int layerCount, int hiddenSize) {
}
