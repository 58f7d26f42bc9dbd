package io.encodingfarm.datasets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.encodingfarm.formats.Nifti;
import io.encodingfarm.formats.NiftiImage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * Writes a synthetic dataset the way Le Petit Prince is published (OpenNeuro ds003643): per subject
 * and run a 4-D float32 BOLD NIfTI on the MNI-like grid — scanner-like baseline, slow drifts and the
 * planted responses inside the brain, zeros outside — and the word table with a {@code section}
 * column. {@link LppImporter} turns it back into the store layout.
 */
public final class LppFormatWriter {
    private static final double BASELINE = 800, BASELINE_SPREAD = 400, SIGNAL_SCALE = 15, DRIFT_PER_RUN = 30, SLOW_PERIOD_S = 400;

    private LppFormatWriter() {
    }

    /** Writes the BIDS tree; hot spots become ROI masks under {@code derivatives/rois/}. */
    public static void generate(SyntheticDataset.SynthSpec spec, List<SyntheticDataset.HotSpot> hotSpots,
                                BiFunction<String, List<String>, float[][]> teacher, String teacherId, Path bidsRoot) throws IOException {
        write(SyntheticDataset.simulate(spec, hotSpots, teacher, teacherId), spec.seed(), bidsRoot);
    }

    static void write(SyntheticDataset.Simulation sim, long seed, Path root) throws IOException {
        DatasetMeta meta = sim.meta();
        Files.createDirectories(root);
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("Name", meta.name());
        description.put("BIDSVersion", "1.6.0");
        description.put("DatasetType", "derivative");
        description.put(LppLayout.GROUND_TRUTH_KEY, meta.groundTruth());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(root.resolve(LppLayout.DESCRIPTION).toFile(), description);

        Path csv = root.resolve(LppLayout.WORD_CSV);
        Files.createDirectories(csv.getParent());
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write("word,onset,offset,section\n");
            for (int r = 0; r < sim.words().size(); r++) {
                String[] lines = sim.words().get(r).toCsv().split("\n");
                for (int i = 1; i < lines.length; i++) out.write(lines[i] + "," + (r + 1) + "\n");
            }
        }

        for (Map.Entry<String, NiftiImage> roi : sim.rois().entrySet()) {
            Nifti.write(roi.getValue(), root.resolve(LppLayout.ROI_DIR + "/" + roi.getKey() + ".nii.gz"));
        }
        NiftiImage mask = sim.mask();
        int[] grid = mask.shape();
        int[] inMask = VoxelGrid.voxelIndices(mask);
        int perVolume = mask.voxelsPerVolume();
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (Map.Entry<String, List<float[][]>> subject : sim.responsesBySubject().entrySet()) {
            if (subject.getKey().equals(DatasetMeta.AVERAGE_SUBJECT)) continue;
            float[] baseline = new float[inMask.length];
            for (int v = 0; v < inMask.length; v++) baseline[v] = (float) (BASELINE + BASELINE_SPREAD * random.nextDouble());
            List<float[][]> runs = subject.getValue();
            for (int r = 0; r < runs.size(); r++) {
                float[][] y = runs.get(r);
                float[] data = new float[perVolume * y.length];
                double slope = DRIFT_PER_RUN * (2 * random.nextDouble() - 1) / y.length;
                double phase = 2 * Math.PI * random.nextDouble();
                for (int t = 0; t < y.length; t++) {
                    double drift = slope * t + 10 * Math.sin(2 * Math.PI * t * meta.tr() / SLOW_PERIOD_S + phase);
                    for (int v = 0; v < inMask.length; v++) {
                        data[t * perVolume + inMask[v]] = (float) (baseline[v] + drift + SIGNAL_SCALE * y[t][v]);
                    }
                }
                int[] shape = {grid[0], grid[1], grid[2], y.length};
                Nifti.write(NiftiImage.floats(shape, mask.affine(), data, meta.tr()), root.resolve(LppLayout.boldPath(subject.getKey(), r + 1)));
            }
        }
    }

}
