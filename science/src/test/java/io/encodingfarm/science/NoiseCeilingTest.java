package io.encodingfarm.science;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NoiseCeilingTest {
    private static final References REF = References.load("summaries.txt");

    @Test
    void ceilingAndCcNormMatchReference() {
        float[][][] repeats = repeats();
        assertArrayEquals(REF.get("ceiling.ccmax"), NoiseCeiling.ccMax(repeats), 1e-6);
        float[] ccNorm = NoiseCeiling.ccNorm(repeats, RidgeCVTest.floats(REF.matrix("ceiling.pred")));
        double[] expected = REF.get("ceiling.ccnorm");
        for (int v = 0; v < expected.length; v++) {
            assertEquals(expected[v], ccNorm[v], 1e-5, "voxel " + v);
        }
    }

    @Test
    void normalizeDividesAndZeroesUnreliable() {
        assertArrayEquals(new float[] {0.5f, 0}, NoiseCeiling.normalize(new float[] {0.25f, 0.3f}, new double[] {0.5, 0}));
    }

    @Test
    void identicalRepeatsHaveFullSignalPower() {
        float[][] run = {{1, 0}, {2, 1}, {4, 0}, {3, 1}};
        double[] c = NoiseCeiling.ccMax(new float[][][] {run, run, run});
        // ddof-0 z-scores have ddof-1 variance T/(T-1) = 4/3: SP = (3·4/3 - 1)/2 = 1.5, cc_max = 1/√(8/9)
        assertArrayEquals(new double[] {1 / Math.sqrt(8.0 / 9), 1 / Math.sqrt(8.0 / 9)}, c, 1e-6);
        assertThrows(IllegalArgumentException.class, () -> NoiseCeiling.ccMax(new float[][][] {run}));
    }

    private static float[][][] repeats() {
        double[] flat = REF.get("ceiling.repeats");
        int reps = 4;
        int trs = 50;
        int vox = 4;
        float[][][] out = new float[reps][trs][vox];
        for (int r = 0; r < reps; r++) {
            for (int t = 0; t < trs; t++) {
                for (int v = 0; v < vox; v++) {
                    out[r][t][v] = (float) flat[(r * trs + t) * vox + v];
                }
            }
        }
        return out;
    }
}
