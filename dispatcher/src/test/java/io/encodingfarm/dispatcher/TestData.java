package io.encodingfarm.dispatcher;

import io.encodingfarm.core.runtime.FarmContext;
import io.encodingfarm.datasets.DatasetDirectory;
import io.encodingfarm.datasets.DatasetMeta;
import io.encodingfarm.datasets.HuthFormatWriter;
import io.encodingfarm.datasets.HuthImporter;
import io.encodingfarm.datasets.SyntheticDataset;
import io.encodingfarm.models.RunWords;
import io.encodingfarm.formats.WordTable;
import io.encodingfarm.models.baselines.RandomEmbeddings;
import io.encodingfarm.models.speech.Wav;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Small planted datasets and sweeps shared by the end-to-end tests. */
public final class TestData {
    private TestData() {
    }

    /**
     * Generates a synthetic dataset planted from random embeddings (dim, seed) into {@code dir}, commits
     * it to the store as {@code datasets/<spec.name>/} and returns the local copy.
     */
    static Path plantedDataset(FarmContext farm, Path dir, SyntheticDataset.SynthSpec spec, int teacherDim, long teacherSeed)
            throws IOException {
        RandomEmbeddings teacher = new RandomEmbeddings(teacherDim, teacherSeed);
        SyntheticDataset.generate(spec, (run, words) -> teacher.extract(new RunWords(run, words))[0],
                "random-embeddings dim=" + teacherDim + " seed=" + teacherSeed, dir);
        farm.store().uploadDirectory(dir, "datasets/" + spec.name() + "/");
        return dir;
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

    /**
     * Gives every run of a local dataset directory a stand-in recording, {@code audio/<run>.wav} (16 kHz):
     * each word a tone burst over its interval, its pitch set by the word, silence between words.
     */
    public static void addToneAudio(Path datasetDir) throws IOException {
        DatasetDirectory dataset = DatasetDirectory.open(datasetDir);
        int rate = 16_000;
        for (DatasetMeta.Run run : dataset.meta().runs()) {
            WordTable words = dataset.words(run.id());
            float[] samples = new float[(int) Math.round(run.nTrs() * dataset.meta().tr() * rate)];
            for (int w = 0; w < words.size(); w++) {
                double pitch = 150 + Math.floorMod(words.words().get(w).hashCode(), 400);
                int from = (int) (words.onsets()[w] * rate), to = Math.min(samples.length, (int) (words.offsets()[w] * rate));
                for (int i = from; i < to; i++) {
                    double envelope = Math.sin(Math.PI * (i - from) / Math.max(1, to - from));
                    samples[i] = (float) (0.5 * envelope * Math.sin(2 * Math.PI * pitch * i / rate));
                }
            }
            Files.createDirectories(datasetDir.resolve("audio"));
            Wav.writePcm16(datasetDir.resolve("audio/" + run.id() + ".wav"), samples, rate);
        }
    }

    /** A seed-B sweep of random embeddings (dim 4) with seeds 1..seeds: one extraction per seed. */
    static String embeddingSweep(String sweep, String dataset, int seeds, String alphas) {
        String list = IntStream.rangeClosed(1, seeds).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        return """
                sweep: %s
                dataset: %s
                features:
                  - name: emb
                    baseline: random-embeddings
                    dim: 4
                    seeds: [%s]
                fit:
                  trim: 2
                  alphas: %s
                """.formatted(sweep, dataset, list, alphas);
    }
}
