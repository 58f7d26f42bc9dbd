package io.encodingfarm.models.speech;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.encodingfarm.models.ReferenceForward;
import io.encodingfarm.models.checkpoint.Safetensors;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WhisperEncoderTest {
    static final WhisperConfig TINY = new WhisperConfig(32, 2, 2, 64, 80, 1500);

    static float[] speechLikeAudio(int samples, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[samples];
        for (int i = 0; i < samples; i++) {
            double t = i / 16000.0;
            x[i] = (float) (0.3 * Math.sin(2 * Math.PI * (150 + 40 * Math.sin(3 * t)) * t) * (1 + Math.sin(2 * Math.PI * 4 * t))
                    + 0.05 * random.nextGaussian());
        }
        return x;
    }

    @Test
    void everyHiddenStateMatchesTheFloat64Reference(@TempDir Path dir) {
        Path checkpoint = TinyWhisper.write(TINY, 3, dir.resolve("tiny-whisper"));
        float[] logMel = new WhisperFrontEnd(80).logMel(speechLikeAudio(2 * 16000, 1));
        double[][][] ref = new ReferenceWhisper(checkpoint).hiddenStates(logMel);
        try (WhisperEncoder encoder = new WhisperEncoder(WhisperConfig.read(checkpoint), Safetensors.open(checkpoint), Device.cpu())) {
            float[][][] fast = encoder.hiddenStates(logMel);
            assertEquals(3, fast.length);
            double[] errors = new double[fast.length];
            for (int l = 0; l < fast.length; l++) errors[l] = ReferenceForward.relativeError(fast[l], ref[l]);
            System.out.println("whisper encoder max relative error per hidden state: " + Arrays.toString(errors));
            for (double e : errors) assertTrue(e <= 1e-4, Arrays.toString(errors));

            // A batch gives each clip the frame it would get alone.
            float[] other = new WhisperFrontEnd(80).logMel(speechLikeAudio(16000, 2));
            float[][][] batch = encoder.hiddenStatesAt(List.of(logMel, other), 49);
            float[][][] alone = encoder.hiddenStates(other);
            for (int l = 0; l < fast.length; l++) {
                assertTrue(ReferenceForward.relativeError(new float[][] {batch[l][0]}, new double[][] {toDouble(fast[l][49])}) <= 1e-5);
                assertTrue(ReferenceForward.relativeError(new float[][] {batch[l][1]}, new double[][] {toDouble(alone[l][49])}) <= 1e-5);
            }
        }
    }

    @Test
    void configIsReadBackAndWrongModelTypesAreRefused(@TempDir Path dir) {
        Path checkpoint = TinyWhisper.write(new WhisperConfig(24, 1, 3, 48, 128, 1500), 0, dir.resolve("w"));
        assertEquals(new WhisperConfig(24, 1, 3, 48, 128, 1500), WhisperConfig.read(checkpoint));
        io.encodingfarm.models.checkpoint.TinyCheckpoints.write("gpt2", 1, 16, 2, 0, dir.resolve("gpt2"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> WhisperConfig.read(dir.resolve("gpt2")));
        assertTrue(e.getMessage().contains("gpt2"), e.getMessage());
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }
}
