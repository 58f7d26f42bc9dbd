package io.encodingfarm.dispatcher;

import io.encodingfarm.datasets.DatasetDirectory;
import io.encodingfarm.datasets.DatasetMeta;
import io.encodingfarm.datasets.HuthFormatWriter;
import io.encodingfarm.datasets.HuthImporter;
import io.encodingfarm.datasets.SyntheticDataset;
import io.encodingfarm.formats.WordTable;
import io.encodingfarm.models.RunWords;
import io.encodingfarm.models.baselines.RandomEmbeddings;
import io.encodingfarm.models.speech.Wav;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Synthetic stimuli for speech sweeps: a dataset in the Huth published format (imported, so it has a
 * held-out test story) and stand-in recordings of its words. No speech synthesizer is needed: each word
 * is a tone burst over its interval, so the audio carries the words' timing and (through the pitch)
 * their identity.
 */
public final class SyntheticStimuli {
    private static final int RATE = 16_000;

    private SyntheticStimuli() {
    }

    /**
     * A dataset in the Huth published format (hf5, TextGrids, TR files; 4 stories, the last one the test
     * story with 3 repeats) planted from random embeddings (dim 8, seed 7), imported as {@code name} into
     * {@code dir/imported}, which is returned (not uploaded).
     */
    public static Path importedHuthDataset(String name, Path dir, int trsPerStory) throws IOException {
        SyntheticDataset.SynthSpec spec = new SyntheticDataset.SynthSpec(name, 4, trsPerStory, new int[] {7, 9, 7}, 16, 1, 1.5,
                0.5, 11);
        RandomEmbeddings teacher = new RandomEmbeddings(8, 7);
        Path published = dir.resolve("published");
        HuthFormatWriter.generate(spec, 3, (run, words) -> teacher.extract(new RunWords(run, words))[0],
                "random-embeddings dim=8 seed=7", published);
        List<String> stories = HuthFormatWriter.storyNames(4);
        Path imported = dir.resolve("imported");
        HuthImporter.importTo(published, new HuthImporter.Options(name, "sub-01", stories.subList(0, 3), stories.get(3), null,
                2.0), imported);
        return imported;
    }

    /** Writes {@code audio/<run>.wav} (16 kHz) for every run of a local dataset directory. */
    public static void writeToneRecordings(Path datasetDir) throws IOException {
        DatasetDirectory dataset = DatasetDirectory.open(datasetDir);
        for (DatasetMeta.Run run : dataset.meta().runs()) {
            WordTable words = dataset.words(run.id());
            float[] samples = new float[(int) Math.round(run.nTrs() * dataset.meta().tr() * RATE)];
            for (int w = 0; w < words.size(); w++) {
                double pitch = 150 + Math.floorMod(words.words().get(w).hashCode(), 400);
                int from = (int) (words.onsets()[w] * RATE), to = Math.min(samples.length, (int) (words.offsets()[w] * RATE));
                for (int i = from; i < to; i++) {
                    double envelope = Math.sin(Math.PI * (i - from) / Math.max(1, to - from));
                    samples[i] = (float) (0.5 * envelope * Math.sin(2 * Math.PI * pitch * i / RATE));
                }
            }
            Files.createDirectories(datasetDir.resolve("audio"));
            Wav.writePcm16(datasetDir.resolve("audio/" + run.id() + ".wav"), samples, RATE);
        }
    }
}
