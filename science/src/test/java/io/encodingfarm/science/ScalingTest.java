package io.encodingfarm.science;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScalingTest {
    private static final References REF = References.load("summaries.txt");

    @Test
    void logFitMatchesScipyLinregress() {
        Scaling.ScalingFit fit = Scaling.logFit(REF.get("scaling.nparams"), REF.get("scaling.y"), 1000, 7);
        assertEquals(REF.scalar("scaling.slope"), fit.slope(), 1e-12);
        assertEquals(REF.scalar("scaling.intercept"), fit.intercept(), 1e-10);
        assertEquals(REF.scalar("scaling.r"), fit.r(), 1e-12);
        assertEquals(REF.scalar("scaling.p"), fit.p(), 1e-12);
        assertEquals(fit.r() * fit.r(), fit.r2(), 1e-15);
        assertTrue(fit.slopeCiLow() < fit.slope() && fit.slope() < fit.slopeCiHigh(),
                "CI [" + fit.slopeCiLow() + ", " + fit.slopeCiHigh() + "] around " + fit.slope());
        Scaling.ScalingFit again = Scaling.logFit(REF.get("scaling.nparams"), REF.get("scaling.y"), 1000, 7);
        assertEquals(fit.slopeCiLow(), again.slopeCiLow());
    }

    @Test
    void multipleOlsMatchesNumpyAndScipyT() {
        double[] n = REF.get("scaling.nparams");
        double[] layers = REF.get("multiple.layers");
        double[] hidden = REF.get("multiple.hidden");
        double[][] predictors = new double[n.length][];
        for (int i = 0; i < n.length; i++) {
            predictors[i] = new double[] {Math.log(n[i]), layers[i], hidden[i]};
        }
        Scaling.MultipleFit fit = Scaling.multipleOls(predictors, REF.get("scaling.y"));
        assertRelative(REF.get("multiple.beta"), fit.coefficients(), 1e-7);
        assertRelative(REF.get("multiple.se"), fit.standardErrors(), 1e-7);
        assertRelative(REF.get("multiple.p"), fit.p(), 1e-6);
        assertEquals(REF.scalar("multiple.r2"), fit.r2(), 1e-10);
    }

    @Test
    void studentTMatchesScipy() {
        double[] t = REF.get("tdist.t");
        double[] df = REF.get("tdist.df");
        double[] p = REF.get("tdist.p");
        for (int i = 0; i < t.length; i++) {
            assertEquals(p[i], SpecialFunctions.studentTwoSidedP(t[i], df[i]), 1e-12 + 1e-10 * p[i], "t=" + t[i]);
        }
    }

    @Test
    void percentileMatchesNumpy() {
        double[] x = REF.get("percentile.x");
        double[] q = REF.get("percentile.q");
        double[] out = REF.get("percentile.out");
        for (int i = 0; i < q.length; i++) {
            assertEquals(out[i], Stats.percentile(x, q[i]), 1e-14);
        }
    }

    @Test
    void perVoxelSlopesAndBadInput() {
        float[][] scores = {{0.1f, 0.3f}, {0.2f, 0.3f}, {0.3f, 0.3f}};
        double e = Math.E;
        float[] slopes = Scaling.slopePerVoxel(new double[] {1, e, e * e}, scores);
        assertArrayEquals(new float[] {0.1f, 0f}, slopes, 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> Scaling.ols(new double[] {1, 1, 1}, new double[] {1, 2, 3}));
        assertThrows(IllegalArgumentException.class,
                () -> Scaling.logFit(new double[] {0, 1, 2}, new double[] {1, 2, 3}, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> Scaling.multipleOls(
                new double[][] {{1, 2}, {2, 4}, {3, 6}, {4, 8}}, new double[] {1, 2, 3, 5}));
    }

    private static void assertRelative(double[] expected, double[] got, double tol) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], got[i], tol * Math.abs(expected[i]), "index " + i);
        }
    }
}
