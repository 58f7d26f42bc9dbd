package io.encodingfarm.models.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.encodingfarm.models.lm.Architecture;
import io.encodingfarm.models.lm.Architecture.Activation;
import io.encodingfarm.models.lm.Architecture.Norm;
import io.encodingfarm.models.lm.Family;
import org.junit.jupiter.api.Test;

class ExtractBenchTest {
    @Test
    void gpt2SmallForwardFlopsAreTheTextbookCount() {
        Architecture gpt2Small = new Architecture(Family.GPT2, 12, 768, 12, 12, 64, 3072, 50257, 1024, Norm.LAYER_NORM, 1e-5,
                Activation.GELU_TANH, false, false, 0, 0, null, 0, 1, 0);
        double t = 1024;
        double h = 768;
        // 24·T·h² for the q/k/v/o and MLP projections, 4·T²·h for QKᵀ and PV, per layer.
        assertEquals(12 * (24 * t * h * h + 4 * t * t * h), ExtractBench.forwardFlops(gpt2Small, 1024), 1);
    }
}
