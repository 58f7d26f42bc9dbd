package io.encodingfarm.models.speech;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The front end against a float64 reference written from the definitions: direct DFT, filters from the formula. */
class WhisperFrontEndTest {
    private static final int SR = 16000;

    /** Hugging Face's construction: fft bin frequencies, mel edges in Hz, slopes between consecutive edges. */
    private static double[][] referenceFilters(int mels) {
        double maxMel = 1000 * 3.0 / 200 + Math.log(8000.0 / 1000) / (Math.log(6.4) / 27);
        double[] hz = new double[mels + 2];
        for (int i = 0; i < hz.length; i++) {
            double mel = maxMel * i / (mels + 1);
            hz[i] = mel >= 15 ? 1000 * Math.exp(Math.log(6.4) / 27 * (mel - 15)) : mel * 200 / 3;
        }
        double[][] f = new double[201][mels];
        for (int k = 0; k < 201; k++) {
            double fftHz = 8000.0 * k / 200;
            for (int m = 0; m < mels; m++) {
                double down = -(hz[m] - fftHz) / (hz[m + 1] - hz[m]);
                double up = (hz[m + 2] - fftHz) / (hz[m + 2] - hz[m + 1]);
                f[k][m] = Math.max(0, Math.min(down, up)) * 2 / (hz[m + 2] - hz[m]);
            }
        }
        return f;
    }

    static double[][] referenceLogMel(float[] audio, int mels) {
        double[] x = new double[480000];
        for (int i = 0; i < Math.min(audio.length, x.length); i++) x[i] = audio[i];
        double[] padded = new double[480400];
        for (int i = 0; i < padded.length; i++) {
            int j = i - 200;
            padded[i] = x[j < 0 ? -j : j >= 480000 ? 2 * 479999 - j : j];
        }
        double[][] cos = new double[201][400];
        double[][] sin = new double[201][400];
        for (int k = 0; k < 201; k++) {
            for (int j = 0; j < 400; j++) {
                cos[k][j] = Math.cos(2 * Math.PI * k * j / 400);
                sin[k][j] = Math.sin(2 * Math.PI * k * j / 400);
            }
        }
        double[][] filters = referenceFilters(mels);
        double[][] log = new double[mels][3000];
        double max = -1e300;
        double[] power = new double[201];
        for (int t = 0; t < 3000; t++) { // frame 3000 (the 3001st) is dropped
            boolean silent = true;
            for (int j = 0; j < 400; j++) silent &= padded[t * 160 + j] == 0;
            for (int k = 0; k < 201 && !silent; k++) {
                double re = 0;
                double im = 0;
                for (int j = 0; j < 400; j++) {
                    double v = padded[t * 160 + j] * (0.5 - 0.5 * Math.cos(2 * Math.PI * j / 400));
                    re += v * cos[k][j];
                    im -= v * sin[k][j];
                }
                power[k] = re * re + im * im;
            }
            if (silent) java.util.Arrays.fill(power, 0);
            for (int m = 0; m < mels; m++) {
                double e = 0;
                for (int k = 0; k < 201; k++) e += filters[k][m] * power[k];
                log[m][t] = Math.log10(Math.max(e, 1e-10));
                max = Math.max(max, log[m][t]);
            }
        }
        for (double[] row : log) {
            for (int t = 0; t < row.length; t++) row[t] = (Math.max(row[t], max - 8) + 4) / 4;
        }
        return log;
    }

    private static double maxError(float[] audio, int mels) {
        float[] fast = new WhisperFrontEnd(mels).logMel(audio);
        double[][] ref = referenceLogMel(audio, mels);
        double worst = 0;
        for (int m = 0; m < mels; m++) {
            for (int t = 0; t < 3000; t++) worst = Math.max(worst, Math.abs(fast[m * 3000 + t] - ref[m][t]));
        }
        return worst;
    }

    @Test
    void toneChirpAndNoiseMatchTheReference() {
        int n = 3 * SR;
        float[] tone = new float[n];
        float[] chirp = new float[n];
        float[] noise = new float[n];
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < n; i++) {
            double t = i / (double) SR;
            tone[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * t) + 0.1 * Math.sin(2 * Math.PI * 3000 * t));
            chirp[i] = (float) (0.8 * Math.sin(2 * Math.PI * (100 * t + 1000 * t * t)));
            noise[i] = (float) (0.3 * random.nextGaussian());
        }
        double[] errors = {maxError(tone, 80), maxError(chirp, 80), maxError(noise, 128)};
        System.out.println("log-mel max |fast - reference|: tone, chirp, noise (128 mels) = " + java.util.Arrays.toString(errors));
        for (double e : errors) assertTrue(e <= 1e-4, java.util.Arrays.toString(errors));
    }

    @Test
    void longerThan30SecondsIsTruncatedAndSilenceIsConstant() {
        float[] longNoise = new float[31 * SR];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < longNoise.length; i++) longNoise[i] = (float) random.nextGaussian();
        WhisperFrontEnd frontEnd = new WhisperFrontEnd(80);
        assertArrayEquals(frontEnd.logMel(java.util.Arrays.copyOf(longNoise, 30 * SR)), frontEnd.logMel(longNoise));
        float[] silence = new WhisperFrontEnd(80).logMel(new float[SR]);
        for (float v : silence) assertEquals(-1.5f, v); // log10(1e-10) = −10, clamped at itself, (−10 + 4) / 4
    }

    @Test
    void slaneyScaleIsLinearBelow1kHz() {
        assertEquals(15, WhisperFrontEnd.hzToMel(1000), 1e-12);
        assertEquals(1234.5, WhisperFrontEnd.melToHz(WhisperFrontEnd.hzToMel(1234.5)), 1e-9);
        assertEquals(300, WhisperFrontEnd.melToHz(4.5), 1e-12);
    }
}
