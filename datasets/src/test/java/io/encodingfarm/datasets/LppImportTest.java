package io.encodingfarm.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.encodingfarm.formats.Nifti;
import io.encodingfarm.formats.NiftiImage;
import io.encodingfarm.formats.WordTable;
import io.encodingfarm.science.HrfModel;
import io.encodingfarm.science.Laterality;
import io.encodingfarm.science.Lateralization;
import io.encodingfarm.science.LoroResult;
import io.encodingfarm.science.NestedLoro;
import io.encodingfarm.science.Preprocessing;
import io.encodingfarm.science.Regressors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LppImportTest {
    static final SyntheticDataset.SynthSpec SPEC = new SyntheticDataset.SynthSpec("lpp-synth", 3, 80, new int[]{7, 9, 7}, 16, 2, 1.0, 0.25, 11);

    @Test
    void importOfTheSyntheticLppFormatRecoversTheTeacherAndLeftOverRight(@TempDir Path tmp) throws IOException {
        SyntheticDataset.Simulation sim = SyntheticDataset.simulate(SPEC, SyntheticDataset.HotSpot.languageNetwork(1.0),
                SyntheticDatasetTest.TEACHER, "hash-8");
        Path bids = tmp.resolve("bids");
        LppFormatWriter.write(sim, SPEC.seed(), bids);
        assertTrue(Files.exists(bids.resolve("derivatives/sub-01/func/sub-01_task-lppEN_run-02_space-MNI152NLin2009cAsym_desc-preproc_bold.nii.gz")));

        DatasetMeta meta = LppImporter.importTo(bids, LppImporter.Options.named("lpp-synth"), tmp.resolve("out"));
        DatasetDirectory dir = DatasetDirectory.open(tmp.resolve("out"));
        assertEquals(List.of("run-1", "run-2", "run-3"), meta.runIds());
        assertEquals(List.of("sub-01", "sub-02", "average"), meta.subjects());
        assertEquals(sim.voxels().length, meta.nVoxels(), "the data-derived, symmetrized mask is the planted brain");
        assertEquals("hash-8", meta.groundTruth().get("teacher"));
        assertEquals(2.0, meta.tr());
        assertEquals(List.of("atl", "ifg", "stg"), dir.roiNames(), "ROI masks come along from derivatives/rois");
        for (int r = 0; r < 3; r++) assertEquals(sim.words().get(r).words(), dir.words("run-" + (r + 1)).words());

        // Cleaning removes baseline and drifts: the imported series track the planted responses.
        float[][] planted = sim.responsesBySubject().get("sub-01").get(1);
        float[][] imported = dir.responses("sub-01", "run-2");
        double r = 0;
        for (int v = 0; v < planted[0].length; v++) r += pearson(planted, imported, v);
        assertTrue(r / planted[0].length > 0.9, "mean r between planted and imported " + r / planted[0].length);

        // A fit with the teacher's features recovers the signal, better on the left (SNR 1 vs 0.25).
        List<float[][]> x = new ArrayList<>();
        List<float[][]> y = new ArrayList<>();
        for (String run : meta.runIds()) {
            WordTable words = dir.words(run);
            double[][] reg = Regressors.compute(words.onsets(), words.durations(), SyntheticDatasetTest.TEACHER.apply(run, words.words()),
                    SyntheticDataset.frameTimes(meta.run(run).nTrs()), HrfModel.GLOVER, 50, Regressors.DEFAULT_MIN_ONSET);
            x.add(Preprocessing.trimAndZscore(reg, 0, 0));
            y.add(dir.responses("average", run));
        }
        LoroResult fit = NestedLoro.fit(x, y, NestedLoro.defaultAlphas());
        float[] mniX = new float[meta.nVoxels()];
        float[][] voxels = dir.voxelCoordinates();
        for (int v = 0; v < mniX.length; v++) mniX[v] = voxels[v][0];
        Laterality lat = Lateralization.leftMinusRight(fit.scores(), mniX);
        assertTrue(lat.left() > 0.4, "left r " + lat.left());
        assertTrue(lat.left() > lat.right() + 0.15, "left " + lat.left() + " right " + lat.right());

        // Split-half ceiling (1 vs 1 subject here): r between subjects ≈ SNR²/(1+SNR²): 0.5 left, ~0.06 right.
        Laterality ceiling = Lateralization.leftMinusRight(dir.ceiling("average").orElseThrow(), mniX);
        assertEquals(0.5, ceiling.left(), 0.1);
        assertEquals(0.06, ceiling.right(), 0.1);
    }

    @Test
    void refusalsNameTheProblemAndLeaveNothingBehind(@TempDir Path tmp) throws IOException {
        SyntheticDataset.Simulation sim = SyntheticDataset.simulate(
                new SyntheticDataset.SynthSpec("s", 2, 40, new int[]{5, 5, 5}, 16, 2, 1, 1, 3), SyntheticDatasetTest.TEACHER, "t");
        Path bids = tmp.resolve("bids");
        LppFormatWriter.write(sim, 3, bids);
        Path out = tmp.resolve("out");

        Path run2 = bids.resolve(LppLayout.boldPath("sub-02", 2));
        Path aside = tmp.resolve("aside.nii.gz");
        Files.move(run2, aside);
        DatasetException missing = assertThrows(DatasetException.class, () -> LppImporter.importTo(bids, LppImporter.Options.named("s"), out));
        assertEquals("missing runs: sub-02 has 1 BOLD runs but sub-01 has 2", missing.getMessage());
        assertFalse(Files.exists(out));
        Files.move(aside, run2);

        NiftiImage bold = Nifti.read(run2);
        float[] data = bold.data().clone();
        int inside = VoxelGrid.voxelIndices(sim.mask())[3];
        data[inside + 5 * bold.voxelsPerVolume()] = Float.NaN;
        Nifti.write(NiftiImage.floats(bold.shape(), bold.affine(), data, 2.0), run2);
        Path mask = tmp.resolve("mask.nii.gz");
        Nifti.write(sim.mask(), mask);
        LppImporter.Options withMask = new LppImporter.Options("s", "lppEN", null, mask, null, List.of(), null);
        DatasetException nan = assertThrows(DatasetException.class, () -> LppImporter.importTo(bids, withMask, out));
        assertTrue(nan.getMessage().startsWith("non-finite values: " + run2 + " has NaN at voxel ("), nan.getMessage());
        assertTrue(nan.getMessage().endsWith("volume 5, inside the mask"), nan.getMessage());
        assertFalse(Files.exists(out), "the refused import removed what it had written");

        LppImporter.importTo(bids, LppImporter.Options.named("s"), out);
        assertEquals(sim.voxels().length - 2, DatasetDirectory.open(out).meta().nVoxels(), "the NaN voxel and its mirror left the data mask");
        ImportTarget.deleteContents(out, true);
        Nifti.write(bold, run2);

        Nifti.write(NiftiImage.mask(new int[]{5, 5, 4}, sim.mask().affine(), new boolean[100]), mask);
        DatasetException grid = assertThrows(DatasetException.class, () -> LppImporter.importTo(bids, withMask, out));
        assertTrue(grid.getMessage().startsWith("affine/shape mismatch: " + mask + " has grid [5, 5, 4]"), grid.getMessage());

        NiftiImage shorter = Nifti.read(run2);
        Nifti.write(NiftiImage.floats(new int[]{5, 5, 5, 39}, shorter.affine(), java.util.Arrays.copyOf(shorter.data(), 125 * 39), 2.0), run2);
        DatasetException trs = assertThrows(DatasetException.class, () -> LppImporter.importTo(bids, LppImporter.Options.named("s"), out));
        assertEquals("TR count mismatch in run 2: " + run2 + " has 39 volumes, " + run2.getFileName().toString().replace("sub-02", "sub-01")
                + " has 40", trs.getMessage());
        Nifti.write(shorter, run2);

        Files.createDirectories(out.resolve("old"));
        DatasetException notEmpty = assertThrows(DatasetException.class, () -> LppImporter.importTo(bids, LppImporter.Options.named("s"), out));
        assertEquals("output directory " + out + " is not empty", notEmpty.getMessage());
        Files.delete(out.resolve("old"));

        Path csv = bids.resolve(LppLayout.WORD_CSV);
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        lines.add("late,82.5,84,2");
        Files.write(csv, lines);
        DatasetException late = assertThrows(DatasetException.class, () -> LppImporter.importTo(bids, LppImporter.Options.named("s"), out));
        assertEquals("TR count mismatch between words and scans: section 2's words end at 84.00 s but its 40 scans cover 80.00 s (TR 2.0 s)", late.getMessage());
        lines.set(lines.size() - 1, "extra,1,1.2,3");
        Files.write(csv, lines);
        DatasetException sections = assertThrows(DatasetException.class, () -> LppImporter.importTo(bids, LppImporter.Options.named("s"), out));
        assertEquals("run/section count mismatch: the word table " + csv + " has 3 sections but each subject has 2 BOLD runs", sections.getMessage());
    }

    static double pearson(float[][] a, float[][] b, int column) {
        double ma = 0, mb = 0;
        for (int t = 0; t < a.length; t++) {
            ma += a[t][column];
            mb += b[t][column];
        }
        ma /= a.length;
        mb /= a.length;
        double sab = 0, saa = 0, sbb = 0;
        for (int t = 0; t < a.length; t++) {
            double da = a[t][column] - ma, db = b[t][column] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
