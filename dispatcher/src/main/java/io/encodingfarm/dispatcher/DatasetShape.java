package io.encodingfarm.dispatcher;

import io.encodingfarm.core.store.ArtifactStore;
import io.encodingfarm.core.store.StoreKeys;
import io.encodingfarm.datasets.DatasetMeta;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The problem size a sweep's fits and extractions face: runs, TRs, voxels and words.
 *
 * @param trainTrs  TRs of the runs fits train on (all runs for LORO)
 * @param testTrs   TRs of held-out test runs (Huth's test story; 0 for LPP)
 * @param origin    where the numbers come from: the stored dataset, or the published dataset's expected size
 */
public record DatasetShape(String name, String convention, int runs, int trainTrs, int testTrs, int voxels, long words,
                    String origin) {
    private static final String EXPECTED = "/planning/expected-datasets.csv";

    /** The stored dataset's own numbers (reads dataset.json's runs and counts the word tables' rows). */
    static DatasetShape of(String dataset, DatasetMeta meta, ArtifactStore store) {
        int train = 0, test = 0;
        long words = 0;
        for (DatasetMeta.Run run : meta.runs()) {
            if (run.role().equals(DatasetMeta.Run.TEST)) test += run.nTrs();
            else train += run.nTrs();
            String table = new String(store.get(StoreKeys.dataset(dataset) + "words/" + run.id() + ".csv"),
                    StandardCharsets.UTF_8);
            words += Math.max(0, table.lines().count() - 1);
        }
        return new DatasetShape(dataset, meta.convention(), meta.runs().size(), train, test, meta.nVoxels(), words,
                "the store");
    }

    /** The expected size of a published dataset imported under a recipe's name, if it is one. */
    static Optional<DatasetShape> expected(String name) {
        try (InputStream in = DatasetShape.class.getResourceAsStream(EXPECTED)) {
            if (in == null) throw new IllegalStateException(EXPECTED + " is missing from the dispatcher jar");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] f = line.split(",");
                if (line.startsWith("#") || f.length != 7 || !f[0].equals(name)) continue;
                return Optional.of(new DatasetShape(name, f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                        Integer.parseInt(f[4]), Integer.parseInt(f[5]), Long.parseLong(f[6]),
                        "the published dataset's expected size (" + EXPECTED.substring(1) + ")"));
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
