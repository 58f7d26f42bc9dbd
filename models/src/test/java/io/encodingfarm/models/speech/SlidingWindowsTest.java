package io.encodingfarm.models.speech;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SlidingWindowsTest {
    @Test
    void windowsEndAtEveryStrideAndReachBack16Point1Seconds() {
        assertEquals(List.of(), SlidingWindows.of(1599));
        List<SlidingWindows.Window> w = SlidingWindows.of(30 * 16000 + 1599); // trailing partial stride dropped
        assertEquals(300, w.size());
        assertEquals(new SlidingWindows.Window(0, 1600), w.get(0));
        assertEquals(new SlidingWindows.Window(0, 257_600), w.get(160));
        assertEquals(new SlidingWindows.Window(1600, 259_200), w.get(161));
        assertEquals(new SlidingWindows.Window(480_000 - 257_600, 480_000), w.get(299));
        assertArrayEquals(new double[] {0.1, 16.2}, w.get(161).seconds(), 1e-12);
        for (SlidingWindows.Window x : w) assertEquals(0, x.end() % 1600);
    }

    @Test
    void lastEncoderFrameByHand() {
        assertEquals(0, SlidingWindows.lastEncoderFrame(160)); // 1 mel frame
        assertEquals(0, SlidingWindows.lastEncoderFrame(161)); // 2 mel frames: conv2 keeps frame 0
        assertEquals(1, SlidingWindows.lastEncoderFrame(400)); // 3 mel frames → conv2 frames 0, 1
        assertEquals(4, SlidingWindows.lastEncoderFrame(1600)); // 10 mel frames
        assertEquals(804, SlidingWindows.lastEncoderFrame(257_600)); // 1,610 mel frames
        assertEquals(1499, SlidingWindows.lastEncoderFrame(480_000));
    }

    /**
     * The same frame characterized differently: conv2 frame j is centered on conv1 frame 2j, which is
     * centered on mel frame 2j; the kept frame is the last one whose center mel frame holds real audio.
     */
    @Test
    void lastEncoderFrameIsTheLastWhoseCenterHoldsRealAudio() {
        for (int n = 1; n <= 480_000; n += 37) {
            int realMelFrames = 0;
            for (int t = 0; t < 3000; t++) if (t * 160 < n) realMelFrames++; // the mask entry of hop t covers sample 160·t
            int last = -1;
            for (int j = 0; j < 1500; j++) if (2 * j < realMelFrames) last = j;
            assertEquals(last, SlidingWindows.lastEncoderFrame(n), "samples " + n);
        }
    }
}
