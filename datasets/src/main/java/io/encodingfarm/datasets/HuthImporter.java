package io.encodingfarm.datasets;

import io.encodingfarm.formats.Hdf5;
import io.encodingfarm.formats.HuthTrFile;
import io.encodingfarm.formats.Nifti;
import io.encodingfarm.formats.NiftiImage;
import io.encodingfarm.formats.TextGrid;
import io.encodingfarm.formats.WordTable;
import io.encodingfarm.science.NoiseCeiling;
import io.encodingfarm.science.Preprocessing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

/**
 * Imports one subject of the Huth-lab deep-fMRI dataset as published (OpenNeuro ds003020, see
 * {@link HuthLayout}) into the store layout, Huth convention: per story the response matrix
 * (z-scored per story), the TextGrid's words, and the TR times (relative to the audio start,
 * repaired, restricted to the TRs whose responses are stored); the test story's repeated
 * presentations and the noise ceiling computed from them. Files, tables and shapes are validated
 * before anything is written; stories are then read one at a time, and a refusal (non-finite
 * values) leaves the output directory as it found it.
 */
public final class HuthImporter {
    /** The deep-fMRI dataset's repetition time. */
    public static final double HUTH_TR = 2.0045;
    private static final String[] RESPONSE_NAMES = {"data", "resp"};

    private HuthImporter() {
    }

    /**
     * @param mask mask whose in-mask voxels (canonical order) are the response columns; null: {@code derivative/mask.nii.gz}
     * @param tr   expected TR in seconds, used to repair missed triggers
     */
    public record Options(String name, String subject, List<String> trainStories, String testStory, Path mask, double tr) {
        public Options {
            trainStories = List.copyOf(trainStories);
        }

        public static Options of(String name, String subject, List<String> trainStories, String testStory) {
            return new Options(name, subject, trainStories, testStory, null, HUTH_TR);
        }
    }

    /** One story, checked from its tables and the response file's shape, before any response is read. */
    /** @param recording the story's stimulus recording ({@code stimuli/<story>.wav}), or null when the data has none */
    private record Story(String id, String role, WordTable words, double[] trTimes, Path responseFile, int[] shape,
                         Path recording) {
        boolean repeated() {
            return shape.length == 3;
        }
    }

    public static DatasetMeta importTo(Path root, Options options, Path outDir) throws IOException {
        if (!Files.isDirectory(root)) throw new DatasetException("dataset root " + root + " is not a directory");
        if (options.trainStories().isEmpty()) throw new DatasetException("no training stories given");
        if (options.trainStories().contains(options.testStory())) {
            throw new DatasetException("the test story " + options.testStory() + " is also listed as a training story");
        }
        if (new HashSet<>(options.trainStories()).size() != options.trainStories().size()) {
            throw new DatasetException("a training story is listed twice: " + options.trainStories());
        }
        Path maskFile = options.mask() != null ? options.mask() : root.resolve(HuthLayout.MASK);
        if (!Files.isRegularFile(maskFile)) {
            throw new DatasetException("no mask: " + maskFile + " does not exist; give the mask whose voxels are the response columns");
        }
        NiftiImage mask = Nifti.read(maskFile);
        int voxels = VoxelGrid.voxelIndices(mask).length;

        List<Story> stories = new ArrayList<>();
        for (String story : options.trainStories()) stories.add(planStory(root, options, story, DatasetMeta.Run.TRAIN, voxels, maskFile));
        stories.add(planStory(root, options, options.testStory(), DatasetMeta.Run.TEST, voxels, maskFile));

        return ImportTarget.write(outDir, () -> write(stories, mask, voxels, options, outDir));
    }

    private static Story planStory(Path root, Options options, String story, String role, int voxels, Path maskFile) throws IOException {
        Path responseFile = HuthLayout.responses(root, options.subject(), story);
        Path gridFile = HuthLayout.textGrid(root, story);
        Path trFile = HuthLayout.trFile(root, story);
        for (Path required : List.of(responseFile, gridFile, trFile)) {
            if (!Files.isRegularFile(required)) throw new DatasetException("missing runs: story " + story + " has no " + required);
        }
        WordTable words = HuthWords.fromTextGrid(TextGrid.read(gridFile), gridFile.toString());
        double[] allTrTimes = HuthTrFile.read(trFile, options.tr()).relativeTrTimes();

        int[] shape = Hdf5.shape(responseFile, RESPONSE_NAMES);
        boolean repeated = shape.length == 3;
        if (shape.length != 2 && !repeated) {
            throw new DatasetException(responseFile + ": expected TRs × voxels (or repeats × TRs × voxels), got shape " + Arrays.toString(shape));
        }
        if (repeated && role.equals(DatasetMeta.Run.TRAIN)) {
            throw new DatasetException(responseFile + ": a training story has repeats " + Arrays.toString(shape) + "; only the test story may");
        }
        int rows = shape[shape.length - 2];
        int columns = shape[shape.length - 1];
        if (columns != voxels) {
            throw new DatasetException("affine/shape mismatch: " + responseFile + " has " + columns + " voxels (columns) but the mask "
                    + maskFile + " has " + voxels);
        }
        double[] trTimes;
        if (rows == allTrTimes.length) {
            trTimes = allTrTimes;
        } else if (rows == allTrTimes.length - HuthFormatWriter.TRIM_START - HuthFormatWriter.TRIM_END) {
            trTimes = Arrays.copyOfRange(allTrTimes, HuthFormatWriter.TRIM_START, allTrTimes.length - HuthFormatWriter.TRIM_END);
        } else {
            throw new DatasetException("TR count mismatch between words and scans: " + responseFile + " has " + rows + " TRs but "
                    + trFile + " has " + allTrTimes.length + " (expected equal, or " + HuthFormatWriter.TRIM_START + " + "
                    + HuthFormatWriter.TRIM_END + " fewer after the lab's trim)");
        }
        double lastWord = Arrays.stream(words.offsets()).max().orElse(0);
        if (lastWord > allTrTimes[allTrTimes.length - 1] + options.tr()) {
            throw new DatasetException(String.format("TR count mismatch between words and scans: story %s's words end at %.2f s but its last TR is at %.2f s",
                    story, lastWord, allTrTimes[allTrTimes.length - 1]));
        }
        Path recording = root.resolve("stimuli").resolve(story + ".wav");
        return new Story(story, role, words, trTimes, responseFile, shape, Files.isRegularFile(recording) ? recording : null);
    }

    /** Reads, checks and writes one story at a time. */
    private static DatasetMeta write(List<Story> stories, NiftiImage mask, int voxels, Options options, Path outDir) throws IOException {
        List<DatasetMeta.Run> runs = stories.stream().map(s -> new DatasetMeta.Run(s.id(), s.shape()[s.shape().length - 2], s.role())).toList();
        DatasetMeta meta = new DatasetMeta(DatasetMeta.SCHEMA_VERSION, options.name(), DatasetMeta.HUTH, options.tr(), runs,
                List.of(options.subject()), voxels, new DatasetMeta.Grid(Arrays.copyOf(mask.shape(), 3), mask.affine()), null);
        DatasetDirectory dir = DatasetDirectory.create(outDir, meta);
        boolean[] inside = new boolean[mask.voxelsPerVolume()];
        for (int i = 0; i < inside.length; i++) inside[i] = mask.data()[i] > 0;
        dir.writeMask(NiftiImage.mask(Arrays.copyOf(mask.shape(), 3), mask.affine(), inside));
        dir.writeVoxelCoordinates(VoxelGrid.coordinates(mask));
        for (Story story : stories) {
            dir.writeWords(story.id(), story.words());
            dir.writeTrTimes(story.id(), story.trTimes());
            // The recording feeds speech models; its t = 0 is the audio start the TR times are relative to.
            if (story.recording() != null) {
                Files.createDirectories(outDir.resolve("audio"));
                Files.copy(story.recording(), outDir.resolve("audio").resolve(story.id() + ".wav"));
            }
            float[] flat = Hdf5.read(story.responseFile(), RESPONSE_NAMES).toFloatArray();
            int rows = story.shape()[story.shape().length - 2];
            requireFinite(flat, story, rows, voxels);
            if (!story.repeated()) {
                dir.writeResponses(options.subject(), story.id(), Preprocessing.zscore(matrix(flat, 0, rows, voxels)));
                continue;
            }
            float[][][] repeats = new float[story.shape()[0]][][];
            float[][] mean = new float[rows][voxels];
            for (int k = 0; k < repeats.length; k++) {
                repeats[k] = Preprocessing.zscore(matrix(flat, k * rows * voxels, rows, voxels));
                for (int t = 0; t < rows; t++) for (int v = 0; v < voxels; v++) mean[t][v] += repeats[k][t][v] / repeats.length;
            }
            dir.writeResponses(options.subject(), story.id(), Preprocessing.zscore(mean));
            dir.writeRepeats(options.subject(), story.id(), repeats);
            double[] ceiling = NoiseCeiling.ccMax(repeats);
            float[] asFloat = new float[ceiling.length];
            for (int v = 0; v < ceiling.length; v++) asFloat[v] = (float) ceiling[v];
            dir.writeCeiling(options.subject(), asFloat);
        }
        dir.verify();
        return meta;
    }

    private static void requireFinite(float[] flat, Story story, int rows, int columns) throws DatasetException {
        for (int i = 0; i < flat.length; i++) {
            if (!Float.isFinite(flat[i])) {
                throw new DatasetException("non-finite values: " + story.responseFile() + " has " + flat[i] + " at TR " + (i / columns) % rows
                        + ", voxel " + i % columns + (story.repeated() ? ", repeat " + i / (rows * columns) : ""));
            }
        }
    }

    private static float[][] matrix(float[] flat, int offset, int rows, int columns) {
        float[][] out = new float[rows][columns];
        for (int t = 0; t < rows; t++) System.arraycopy(flat, offset + t * columns, out[t], 0, columns);
        return out;
    }
}
