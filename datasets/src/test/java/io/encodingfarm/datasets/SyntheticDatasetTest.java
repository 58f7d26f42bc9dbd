package io.encodingfarm.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.encodingfarm.formats.NiftiImage;
import io.encodingfarm.formats.WordTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticDatasetTest {
    /** A deterministic stand-in teacher: a few hashed features per word. */
    static final BiFunction<String, List<String>, float[][]> TEACHER = (run, words) -> {
        float[][] out = new float[words.size()][8];
        for (int i = 0; i < words.size(); i++) {
            java.util.Random r = new java.util.Random(words.get(i).toLowerCase().hashCode());
            for (int j = 0; j < 8; j++) out[i][j] = (float) r.nextGaussian();
        }
        return out;
    };

    @Test
    void generatedDatasetReadsBackWithConsistentShapes(@TempDir Path dir) throws IOException {
        SyntheticDataset.SynthSpec spec = SyntheticDataset.SynthSpec.tiny();
        DatasetMeta written = SyntheticDataset.generate(spec, TEACHER, "hash-8", dir);
        DatasetDirectory dataset = DatasetDirectory.open(dir);
        dataset.verify();
        DatasetMeta meta = dataset.meta();
        assertEquals(written.toJson(), meta.toJson());
        assertEquals(List.of("run-1", "run-2"), meta.runIds());
        assertEquals(List.of("sub-01", "sub-02", "average"), meta.subjects());
        assertEquals("hash-8", meta.groundTruth().get("teacher"));
        assertEquals(1.0, ((Number) meta.groundTruth().get("snr_left")).doubleValue());

        String summary = dataset.summary();
        assertTrue(summary.startsWith("dataset synth-tiny (lpp convention, TR 2.0 s)\ngrid [7, 9, 7], voxel size 16.0 mm\n"
                + "subjects (3): sub-01, sub-02, average\nruns (2, 120 TRs):\n  run-1        train    60 TRs "), summary);
        assertTrue(summary.contains("voxels 229: left 89, right 89, midline 51\n"), summary);

        NiftiImage mask = dataset.mask();
        assertArrayEquals(spec.gridShape(), mask.shape());
        float[][] voxels = dataset.voxelCoordinates();
        assertEquals(meta.nVoxels(), voxels.length);
        for (String subject : meta.subjects()) {
            float[][] y = dataset.responses(subject, "run-2");
            assertEquals(60, y.length);
            assertEquals(meta.nVoxels(), y[0].length);
            double mean = 0, var = 0;
            for (float[] row : y) mean += row[3];
            mean /= y.length;
            for (float[] row : y) var += (row[3] - mean) * (row[3] - mean);
            assertEquals(0, mean, 1e-5);
            assertEquals(1, var / y.length, 1e-4, "z-scored per run with ddof 0");
        }
    }

    @Test
    void verifyNamesAResponseFileOfTheWrongShape(@TempDir Path dir) throws IOException {
        SyntheticDataset.generate(SyntheticDataset.SynthSpec.tiny(), TEACHER, "hash-8", dir);
        DatasetDirectory dataset = DatasetDirectory.open(dir);
        dataset.writeResponses("sub-02", "run-1", new float[59][229]);
        DatasetException e = assertThrows(DatasetException.class, dataset::verify);
        assertEquals("responses/sub-02/run-1.npy has shape [59, 229], expected [60, 229] (TRs × voxels)", e.getMessage());
    }

    @Test
    void hotSpotsRaiseTheirRoisSnrAndAreWrittenAsRoiMasks(@TempDir Path dir) throws IOException {
        SyntheticDataset.SynthSpec spec = new SyntheticDataset.SynthSpec("hot", 2, 60, new int[]{15, 19, 14}, 8, 2, 0.3, 0.3, 5);
        DatasetMeta meta = SyntheticDataset.generate(spec, SyntheticDataset.HotSpot.languageNetwork(3.0), TEACHER, "hash-8", dir);
        DatasetDirectory dataset = DatasetDirectory.open(dir);
        assertEquals(List.of("atl", "ifg", "stg"), dataset.roiNames());
        assertEquals(3, ((List<?>) meta.groundTruth().get("hot_spots")).size());
        int[] inMask = VoxelGrid.voxelIndices(dataset.mask());
        NiftiImage stg = dataset.roi("stg");
        float[][] a = dataset.responses("sub-01", "run-1");
        float[][] b = dataset.responses("sub-02", "run-1");
        double inRoi = 0, elsewhere = 0;
        int nRoi = 0, nElsewhere = 0;
        for (int v = 0; v < inMask.length; v++) {
            double r = 0;
            for (int t = 0; t < a.length; t++) r += a[t][v] * b[t][v] / a.length;
            if (stg.data()[inMask[v]] > 0) {
                inRoi += r;
                nRoi++;
            } else {
                elsewhere += r;
                nElsewhere++;
            }
        }
        assertTrue(nRoi >= 10, "STG sphere holds " + nRoi + " voxels");
        // SNR 3 shares 9/10 of the variance between subjects, SNR 0.3 about 8 %.
        assertEquals(0.9, inRoi / nRoi, 0.05);
        assertEquals(0.08, elsewhere / nElsewhere, 0.08);
    }

    @Test
    void maskIsSymmetricWithAMidlineAtXZero() {
        NiftiImage mask = SyntheticBrain.mask(new int[]{15, 19, 14}, 8);
        float[][] voxels = VoxelGrid.coordinates(mask);
        long left = 0, right = 0, midline = 0;
        for (Hemisphere h : VoxelGrid.hemispheres(voxels)) {
            if (h == Hemisphere.LEFT) left++;
            else if (h == Hemisphere.RIGHT) right++;
            else midline++;
        }
        assertEquals(left, right);
        assertTrue(midline > 0);
        boolean[] symmetric = VoxelGrid.symmetrize(mask);
        int kept = 0;
        for (boolean b : symmetric) if (b) kept++;
        assertEquals(voxels.length, kept, "already symmetric: the mirror intersection keeps every voxel");
        assertTrue(voxels.length > 1000 && voxels.length < 3000, "demo grid has " + voxels.length + " voxels");

        // On a grid offset by half a voxel the nearest mirror voxel still pairs the hemispheres up.
        double[][] offset = mask.affine();
        offset[0][3] += 4;
        NiftiImage shifted = new NiftiImage(mask.shape(), offset, mask.data(), mask.datatype(), 0, mask.xformCode());
        int keptShifted = 0;
        for (boolean b : VoxelGrid.symmetrize(shifted)) if (b) keptShifted++;
        assertTrue(keptShifted > 0.8 * voxels.length, "kept " + keptShifted + " of " + voxels.length);
    }

    @Test
    void speechRateIsRealistic() {
        List<WordTable> runs = SpeechTimeline.runs(SpeechTimeline.demoText(), 2, 340, 1);
        for (WordTable run : runs) {
            double span = run.offsets()[run.size() - 1] - run.onsets()[0];
            double rate = run.size() / span;
            assertTrue(rate > 2.4 && rate < 3.1, "words per second " + rate);
            assertTrue(run.offsets()[run.size() - 1] <= 340 - SpeechTimeline.TAIL_S);
        }
        assertEquals("On", runs.get(0).words().get(0));
        assertTrue(!runs.get(1).words().get(0).equals("On"), "the second run continues the text");
    }

    @Test
    void subjectsShareTheSignalOnlyWhereItWasPlanted() {
        SyntheticDataset.Simulation sim = SyntheticDataset.simulate(
                new SyntheticDataset.SynthSpec("t", 2, 80, new int[]{7, 9, 7}, 16, 2, 2.0, 0.0, 3), TEACHER, "hash-8");
        float[][] a = sim.responsesBySubject().get("sub-01").get(0);
        float[][] b = sim.responsesBySubject().get("sub-02").get(0);
        double left = 0, right = 0;
        int nLeft = 0, nRight = 0;
        for (int v = 0; v < sim.voxels().length; v++) {
            double r = 0;
            for (int t = 0; t < a.length; t++) r += a[t][v] * b[t][v];
            r /= a.length; // both z-scored: this is Pearson's r
            if (sim.voxels()[v][0] < 0) {
                left += r;
                nLeft++;
            } else if (sim.voxels()[v][0] > 0) {
                right += r;
                nRight++;
            }
        }
        left /= nLeft;
        right /= nRight;
        // SNR 2 (amplitude) shares 4/5 of the variance between subjects; SNR 0 shares nothing.
        assertEquals(0.8, left, 0.05);
        assertEquals(0.0, right, 0.05);
    }
}
