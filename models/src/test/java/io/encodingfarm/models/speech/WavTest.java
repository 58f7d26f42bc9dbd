package io.encodingfarm.models.speech;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavTest {
    /** A WAV file with the given format tag, bits and interleaved per-channel values written by hand. */
    private static ByteBuffer wav(int format, int channels, int rate, int bits, double[][] channelValues, boolean extensible) {
        int frames = channelValues[0].length;
        int width = bits / 8;
        int dataBytes = frames * channels * width;
        int fmtSize = extensible ? 40 : 16;
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + fmtSize + 8 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(b.capacity() - 8).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(fmtSize).putShort((short) (extensible ? 0xFFFE : format)).putShort((short) channels)
                .putInt(rate).putInt(rate * channels * width).putShort((short) (channels * width)).putShort((short) bits);
        if (extensible) b.putShort((short) 22).putShort((short) bits).putInt(0).putShort((short) format).put(new byte[14]);
        b.put("data".getBytes()).putInt(dataBytes);
        for (int f = 0; f < frames; f++) {
            for (int c = 0; c < channels; c++) {
                double v = channelValues[c][f];
                switch (format == 3 ? -bits : bits) {
                    case 16 -> b.putShort((short) Math.round(v * 32768));
                    case 24 -> {
                        int i = (int) Math.round(v * 8388608);
                        b.put((byte) i).put((byte) (i >> 8)).put((byte) (i >> 16));
                    }
                    case -32 -> b.putFloat((float) v);
                    default -> throw new IllegalStateException();
                }
            }
        }
        return b.flip();
    }

    private static final double[][] STEREO = {{0.5, -0.25, 0.125, -1}, {0.25, 0.25, -0.125, 0.5}};
    private static final float[] MIXED = {0.375f, 0f, 0f, -0.25f};

    @Test
    void pcm16StereoIsMixedToMono() {
        Wav w = Wav.parse(wav(1, 2, 22050, 16, STEREO, false), "test");
        assertEquals(22050, w.sampleRate());
        assertArrayEquals(MIXED, w.samples(), 1e-4f);
    }

    @Test
    void pcm24ExtensibleAndNegativeValues() {
        Wav w = Wav.parse(wav(1, 2, 48000, 24, STEREO, true), "test");
        assertArrayEquals(MIXED, w.samples(), 1e-6f);
    }

    @Test
    void chunksBeforeTheDataAreSkippedWithTheirPadByte() {
        ByteBuffer plain = wav(1, 2, 22050, 16, STEREO, false);
        byte[] list = {'L', 'I', 'S', 'T', 3, 0, 0, 0, 'a', 'b', 'c', 0};
        ByteBuffer b = ByteBuffer.allocate(plain.limit() + list.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(plain.array(), 0, 36).put(list).put(plain.array(), 36, plain.limit() - 36).flip();
        assertArrayEquals(MIXED, Wav.parse(b, "test").samples(), 1e-4f);
    }

    @Test
    void float32ThreeChannels() {
        double[][] three = {{0.3, -0.6}, {0.3, 0.0}, {0.3, 0.3}};
        Wav w = Wav.parse(wav(3, 3, 16000, 32, three, false), "test");
        assertArrayEquals(new float[] {0.3f, -0.1f}, w.samples(), 1e-7f);
    }

    @Test
    void writtenPcm16ReadsBack(@TempDir Path dir) {
        float[] x = {0f, 0.5f, -0.5f, 0.999f};
        Wav.writePcm16(dir.resolve("a.wav"), x, 16000);
        Wav w = Wav.read(dir.resolve("a.wav"));
        assertEquals(16000, w.sampleRate());
        assertArrayEquals(x, w.samples(), 1e-4f);
    }

    @Test
    void refusesWhatItCannotRead(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("x.wav"), "not a wav file".getBytes());
        assertThrows(IllegalArgumentException.class, () -> Wav.read(dir.resolve("x.wav")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Wav.parse(wav(1, 1, 16000, 8 * 2, new double[][] {{0}}, false).putShort(20, (short) 6), "alaw.wav"));
        assertEquals(true, e.getMessage().contains("alaw.wav"));
    }
}
