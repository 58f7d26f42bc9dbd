package io.encodingfarm.models.speech;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A WAV file's audio mixed to one channel (the mean of all channels), as floats in [−1, 1].
 * Reads RIFF/WAVE with PCM 16-, 24- or 32-bit integers or IEEE float 32/64, including the
 * WAVE_FORMAT_EXTENSIBLE header that multi-channel and 24-bit files often carry.
 */
public record Wav(float[] samples, int sampleRate) {
    private static final int PCM = 1;
    private static final int IEEE_FLOAT = 3;
    private static final int EXTENSIBLE = 0xFFFE;

    public double seconds() {
        return samples.length / (double) sampleRate;
    }

    public static Wav read(Path file) {
        try {
            return parse(ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read WAV file " + file, e);
        }
    }

    static Wav parse(ByteBuffer b, String where) {
        if (b.remaining() < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
            throw new IllegalArgumentException(where + " is not a WAV file (no RIFF/WAVE header)");
        }
        int format = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        int at = 12;
        while (at + 8 <= b.limit()) {
            int id = b.getInt(at);
            long size = Integer.toUnsignedLong(b.getInt(at + 4));
            int body = at + 8;
            if (id == 0x20746d66) { // "fmt "
                format = b.getShort(body) & 0xffff;
                channels = b.getShort(body + 2) & 0xffff;
                rate = b.getInt(body + 4);
                bits = b.getShort(body + 14) & 0xffff;
                if (format == EXTENSIBLE && size >= 26) format = b.getShort(body + 24) & 0xffff; // sub-format GUID's first two bytes
            } else if (id == 0x61746164) { // "data"
                if (format < 0) throw new IllegalArgumentException(where + ": the data chunk comes before the fmt chunk");
                long available = Math.min(size, b.limit() - (long) body);
                return new Wav(decode(b, body, (int) available, format, channels, bits, where), rate);
            }
            at = (int) Math.min(b.limit(), body + size + (size & 1)); // chunks are padded to even sizes
        }
        throw new IllegalArgumentException(where + " has no data chunk");
    }

    private static float[] decode(ByteBuffer b, int from, int length, int format, int channels, int bits, String where) {
        boolean supported = (format == PCM && (bits == 16 || bits == 24 || bits == 32))
                || (format == IEEE_FLOAT && (bits == 32 || bits == 64));
        if (!supported || channels < 1) {
            throw new IllegalArgumentException(where + ": format " + format + " with " + bits + " bits and " + channels
                    + " channels is not supported; use PCM 16/24/32-bit or IEEE float 32/64-bit");
        }
        int width = bits / 8;
        int frames = length / (width * channels);
        float[] mono = new float[frames];
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) sum += sample(b, from + (f * channels + c) * width, format, bits);
            mono[f] = (float) (sum / channels);
        }
        return mono;
    }

    private static double sample(ByteBuffer b, int at, int format, int bits) {
        if (format == IEEE_FLOAT) return bits == 32 ? b.getFloat(at) : b.getDouble(at);
        return switch (bits) {
            case 16 -> b.getShort(at) / 32768.0;
            case 24 -> ((b.get(at) & 0xff) | (b.get(at + 1) & 0xff) << 8 | b.get(at + 2) << 16) / 8388608.0;
            default -> b.getInt(at) / 2147483648.0;
        };
    }

    /** Writes mono 16-bit PCM (values clipped to [−1, 1]), the format demo stimuli use. */
    public static void writePcm16(Path file, float[] samples, int sampleRate) {
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(36 + 2 * samples.length).putInt(0x45564157);
        b.putInt(0x20746d66).putInt(16).putShort((short) PCM).putShort((short) 1).putInt(sampleRate).putInt(2 * sampleRate)
                .putShort((short) 2).putShort((short) 16);
        b.putInt(0x61746164).putInt(2 * samples.length);
        for (float s : samples) b.putShort((short) Math.round(Math.max(-1, Math.min(1, s)) * 32767));
        try {
            Files.write(file, b.array());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write WAV file " + file, e);
        }
    }
}
