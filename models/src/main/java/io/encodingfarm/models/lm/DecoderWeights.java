package io.encodingfarm.models.lm;

import io.encodingfarm.models.checkpoint.Tensor;
import java.util.List;

/**
 * A decoder's weights in one canonical layout, whatever the family stored: projections as
 * {@code [out, in]} matrices (PyTorch {@code nn.Linear}), fused projections already split, absent biases
 * {@code null}.
 *
 * @param positionEmbedding learned absolute positions, or {@code null} for rotary families
 */
public record DecoderWeights(Tensor tokenEmbedding, Tensor positionEmbedding, List<Layer> layers,
                             Tensor finalNormWeight, Tensor finalNormBias) {

    /** One block; {@code gate} is {@code null} for ungated MLPs, {@code norm2} feeds the MLP. */
    public record Layer(Tensor norm1Weight, Tensor norm1Bias,
                        Tensor qWeight, Tensor qBias, Tensor kWeight, Tensor kBias, Tensor vWeight, Tensor vBias,
                        Tensor oWeight, Tensor oBias,
                        Tensor norm2Weight, Tensor norm2Bias,
                        Tensor gateWeight, Tensor gateBias, Tensor upWeight, Tensor upBias, Tensor downWeight, Tensor downBias) {
    }
}
