package io.encodingfarm.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

class HuthImportTest {
    @Test
    void importOfTheSyntheticHuthFormatRecoversTheTeacherAndLeftOverRight(@TempDir Path tmp) throws IOException {
        SyntheticDataset.Simulation sim = SyntheticDataset.simulate(LppImportTest.SPEC, SyntheticDatasetTest.TEACHER, "hash-8");
        Path root = tmp.resolve("huth");
        HuthFormatWriter.write(sim, 4, 5, root);
        HuthImporter.Options options = new HuthImporter.Options("huth-synth", "sub-01", List.of("story-01", "story-02"), "story-03", null, 2.0);
        DatasetMeta meta = HuthImporter.importTo(root, options, tmp.resolve("out"));
        DatasetDirectory dir = DatasetDirectory.open(tmp.resolve("out"));
        assertEquals(DatasetMeta.HUTH, meta.convention());
        assertEquals(List.of("story-01", "story-02", "story-03"), meta.runIds());
        assertEquals(DatasetMeta.Run.TEST, meta.run("story-03").role());
        assertEquals(List.of("sub-01"), meta.subjects());

        // The repaired, trimmed TR times are the LPP-convention frame times the responses were simulated at.
        double[] times = dir.trTimes("story-02").orElseThrow();
        assertArrayEquals(SyntheticDataset.frameTimes(80), times, 1e-3);
        assertEquals(sim.words().get(1).words(), dir.words("story-02").words());
        assertArrayEquals(sim.responsesBySubject().get("sub-01").get(0)[7], dir.responses("sub-01", "story-01")[7], 1e-5f);
        assertArrayEquals(new int[]{4, 80, meta.nVoxels()}, dir.repeats("sub-01", "story-03").orElseThrow().shape());

        float[] ceiling = dir.ceiling("sub-01").orElseThrow();
        float[][] voxels = dir.voxelCoordinates();
        float[] mniX = new float[voxels.length];
        for (int v = 0; v < voxels.length; v++) mniX[v] = voxels[v][0];
        Laterality ceilingLat = Lateralization.leftMinusRight(ceiling, mniX);
        assertTrue(ceilingLat.left() > ceilingLat.right(), "ceiling left " + ceilingLat.left() + " right " + ceilingLat.right());

        List<float[][]> x = new ArrayList<>();
        List<float[][]> y = new ArrayList<>();
        for (String story : meta.runIds()) {
            WordTable words = dir.words(story);
            double[][] reg = Regressors.compute(words.onsets(), words.durations(), SyntheticDatasetTest.TEACHER.apply(story, words.words()),
                    dir.trTimes(story).orElseThrow(), HrfModel.GLOVER, 50, Regressors.DEFAULT_MIN_ONSET);
            x.add(Preprocessing.trimAndZscore(reg, 0, 0));
            y.add(dir.responses("sub-01", story));
        }
        LoroResult fit = NestedLoro.fit(x, y, NestedLoro.defaultAlphas());
        Laterality lat = Lateralization.leftMinusRight(fit.scores(), mniX);
        assertTrue(lat.left() > 0.3 && lat.left() > lat.right() + 0.1, "left " + lat.left() + " right " + lat.right());
    }

    @Test
    void refusalsNameTheProblem(@TempDir Path tmp) throws IOException {
        SyntheticDataset.Simulation sim = SyntheticDataset.simulate(
                new SyntheticDataset.SynthSpec("s", 2, 40, new int[]{5, 5, 5}, 16, 1, 1, 1, 3), SyntheticDatasetTest.TEACHER, "t");
        Path root = tmp.resolve("huth");
        HuthFormatWriter.write(sim, 2, 3, root);
        Path out = tmp.resolve("out");
        HuthImporter.Options ok = new HuthImporter.Options("s", "sub-01", List.of("story-01"), "story-02", null, 2.0);

        HuthImporter.Options missingStory = new HuthImporter.Options("s", "sub-01", List.of("story-01", "story-09"), "story-02", null, 2.0);
        DatasetException missing = assertThrows(DatasetException.class, () -> HuthImporter.importTo(root, missingStory, out));
        assertEquals("missing runs: story story-09 has no " + HuthLayout.responses(root, "sub-01", "story-09"), missing.getMessage());

        Path grid = HuthLayout.textGrid(root, "story-01");
        String original = Files.readString(grid);
        Files.writeString(grid, original.replaceAll("text = \"[^\"]+\"", "text = \"sp\""));
        DatasetException empty = assertThrows(DatasetException.class, () -> HuthImporter.importTo(root, ok, out));
        assertTrue(empty.getMessage().startsWith("empty word tier: " + grid + "'s tier 'word' has no words besides"), empty.getMessage());
        Files.writeString(grid, original);

        Path otherMask = tmp.resolve("other-mask.nii.gz");
        io.encodingfarm.formats.Nifti.write(io.encodingfarm.formats.NiftiImage.mask(new int[]{5, 5, 5}, sim.mask().affine(), new boolean[125]), otherMask);
        HuthImporter.Options wrongMask = new HuthImporter.Options("s", "sub-01", List.of("story-01"), "story-02", otherMask, 2.0);
        DatasetException columns = assertThrows(DatasetException.class, () -> HuthImporter.importTo(root, wrongMask, out));
        assertEquals("affine/shape mismatch: " + HuthLayout.responses(root, "sub-01", "story-01") + " has " + sim.voxels().length
                + " voxels (columns) but the mask " + otherMask + " has 0", columns.getMessage());

        Path trFile = HuthLayout.trFile(root, "story-01");
        List<String> lines = new ArrayList<>(Files.readAllLines(trFile));
        lines.remove(lines.size() - 1); // the last trigger: no gap to repair, one TR short
        Files.write(trFile, lines);
        DatasetException trs = assertThrows(DatasetException.class, () -> HuthImporter.importTo(root, ok, out));
        assertTrue(trs.getMessage().startsWith("TR count mismatch between words and scans: "), trs.getMessage());
        assertFalse(Files.exists(out));
    }
}
