package io.encodingfarm.models.speech;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs windows of audio through an encoder, equal lengths together (they share the frame that is kept). */
final class WindowBatches {
    /** Every hidden state at the kept frame of each clip: {@code [state][clip][dim]}; all clips have the same length. */
    interface Encoder {
        float[][][] encode(List<float[]> clips);
    }

    private WindowBatches() {
    }

    static AudioFeatures extract(float[] samples16k, List<SlidingWindows.Window> windows, int hiddenStates, int batchSize, Encoder encoder) {
        for (SlidingWindows.Window w : windows) {
            if (w.start() < 0 || w.end() > samples16k.length || w.length() < 1 || w.length() > WhisperFrontEnd.INPUT_SAMPLES) {
                throw new IllegalArgumentException("window " + w + " does not lie within the " + samples16k.length
                        + " samples or is longer than 30 s");
            }
        }
        float[][][] features = new float[hiddenStates][windows.size()][];
        double[][] times = new double[windows.size()][];
        Map<Integer, List<Integer>> byLength = new LinkedHashMap<>();
        for (int i = 0; i < windows.size(); i++) {
            times[i] = windows.get(i).seconds();
            byLength.computeIfAbsent(windows.get(i).length(), k -> new ArrayList<>()).add(i);
        }
        for (List<Integer> members : byLength.values()) {
            for (int from = 0; from < members.size(); from += batchSize) {
                List<Integer> batch = members.subList(from, Math.min(members.size(), from + batchSize));
                List<float[]> clips = new ArrayList<>();
                for (int i : batch) clips.add(Arrays.copyOfRange(samples16k, windows.get(i).start(), windows.get(i).end()));
                float[][][] states = encoder.encode(clips);
                for (int l = 0; l < hiddenStates; l++) {
                    for (int b = 0; b < batch.size(); b++) features[l][batch.get(b)] = states[l][b];
                }
            }
        }
        return new AudioFeatures(features, times);
    }
}
