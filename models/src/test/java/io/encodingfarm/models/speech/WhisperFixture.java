package io.encodingfarm.models.speech;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The tiny Whisper checkpoint and the audio that {@code src/test/python/whisper_reference.py} runs through
 * transformers; {@code main(dir)} writes both (audio as raw little-endian float32) for that script.
 */
final class WhisperFixture {
    static final long SEED = 3;
    static final int AUDIO_SAMPLES = 8_000;
    static final long AUDIO_SEED = 11;

    private WhisperFixture() {
    }

    static Path checkpoint(Path dir) {
        return TinyWhisper.write(WhisperEncoderTest.TINY, SEED, dir.resolve("tiny-whisper"));
    }

    static float[] audio() {
        return WhisperEncoderTest.speechLikeAudio(AUDIO_SAMPLES, AUDIO_SEED);
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        checkpoint(dir);
        float[] audio = audio();
        ByteBuffer b = ByteBuffer.allocate(4 * audio.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(audio);
        Files.write(dir.resolve("audio.f32"), b.array());
    }
}
