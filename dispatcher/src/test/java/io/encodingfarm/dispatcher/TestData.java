package io.encodingfarm.dispatcher;

import io.encodingfarm.core.runtime.FarmContext;
import io.encodingfarm.datasets.SyntheticDataset;
import io.encodingfarm.models.RunWords;
import io.encodingfarm.models.baselines.RandomEmbeddings;
import java.io.IOException;
import java.nio.file.Path;
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
