package io.encodingfarm.models.speech;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The tiny Whisper and HuBERT checkpoints and the audio that {@code src/test/python/whisper_reference.py}
 * and {@code hubert_reference.py} run through transformers; {@code main(dir)} writes them (audio as raw
 * little-endian float32) for those scripts.
 */
final class WhisperFixture {
    static final long SEED = 3;
    static final int AUDIO_SAMPLES = 8_000;
    static final long AUDIO_SEED = 11;

    private WhisperFixture() {
    }

    static final HubertConfig TINY_HUBERT = new HubertConfig(32, 2, 2, 64, new int[] {16, 16, 16}, new int[] {10, 3, 3},
            new int[] {5, 2, 2}, false, 16, 4, 1e-5);

    static Path checkpoint(Path dir) {
        return TinyWhisper.write(WhisperEncoderTest.TINY, SEED, dir.resolve("tiny-whisper"));
    }

    static Path hubertCheckpoint(Path dir) {
        return TinyHubert.write(TINY_HUBERT, SEED, dir.resolve("tiny-hubert"));
    }

    static float[] audio() {
        return WhisperEncoderTest.speechLikeAudio(AUDIO_SAMPLES, AUDIO_SEED);
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        checkpoint(dir);
        hubertCheckpoint(dir);
        float[] audio = audio();
        ByteBuffer b = ByteBuffer.allocate(4 * audio.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(audio);
        Files.write(dir.resolve("audio.f32"), b.array());
    }
}
