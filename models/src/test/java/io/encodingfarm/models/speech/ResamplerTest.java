package io.encodingfarm.models.speech;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResamplerTest {
    @Test
    void audioAlreadyAt16kHzIsUnchanged() {
        float[] x = new float[1000];
        for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(i * 0.37) * (i % 7);
        assertArrayEquals(x, Resampler.toWhisperRate(new Wav(x, 16000)));
    }

    @Test
    void sinesAt44100And8000MatchTheSameSineAt16kHz() {
        for (int rate : new int[] {44100, 8000}) {
            double hz = 440;
            float[] x = new float[rate];
            for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(2 * Math.PI * hz * i / rate);
            float[] y = Resampler.resample(x, rate, 16000);
            assertEquals(16000, y.length);
            double worst = 0;
            for (int k = 400; k < y.length - 400; k++) {
                worst = Math.max(worst, Math.abs(y[k] - Math.sin(2 * Math.PI * hz * k / 16000)));
            }
            assertTrue(worst < 2e-3, rate + " Hz: worst error " + worst);
        }
    }

    @Test
    void downsamplingRemovesToneAboveTheNewNyquist() {
        int rate = 44100;
        float[] x = new float[rate];
        for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(2 * Math.PI * 12000 * i / rate);
        float[] y = Resampler.resample(x, rate, 16000);
        double worst = 0;
        for (int k = 400; k < y.length - 400; k++) worst = Math.max(worst, Math.abs(y[k]));
        assertTrue(worst < 0.01, "a 12 kHz tone aliased into 16 kHz audio with amplitude " + worst);
    }
}
