package io.encodingfarm.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.encodingfarm.formats.Nifti;
import io.encodingfarm.formats.NiftiHeader;
import io.encodingfarm.formats.NiftiImage;
import io.encodingfarm.formats.WordTable;
import io.encodingfarm.science.Preprocessing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Imports Le Petit Prince as published (OpenNeuro ds003643 layout, see {@link LppLayout}) into the
 * store layout: per subject and run the in-mask voxels' time series, cleaned as seed B does
 * ({@link SignalCleaning}); the "average" subject; the mask (given, or computed from the data and
 * symmetrized); ROI masks; the word table split into runs by section; with two or more subjects
 * the split-half noise ceiling ({@link SplitHalfCeiling}) as {@code ceiling/average.npy}. Everything is validated
 * before anything is written, and a refused import leaves the output directory as it found it.
 */
public final class LppImporter {
    /** A voxel belongs to a data-derived mask when it carries signal in at least this fraction of all runs. */
    static final double MASK_FRACTION = 0.5;
    private static final double GRID_TOLERANCE_MM = 1e-3;
    private static final long CEILING_SEED = 128;

    private LppImporter() {
    }

    /**
     * @param name     dataset name recorded in dataset.json
     * @param task     BIDS task label of the runs to import (e.g. "lppEN"); null: every BOLD file
     * @param wordCsv  word table (word, onset, offset, section); null: the single {@code *word*.csv} under annotation/
     * @param mask     brain mask on the BOLD grid; null: computed from the data, symmetrized
     * @param roiDir   directory of ROI masks ({@code <roi>.nii[.gz]}) on the BOLD grid; null: {@code derivatives/rois} if present
     * @param subjects subjects to import (e.g. "sub-EN057"); empty: all
     * @param tr       repetition time in seconds; null: the BOLD files' pixdim[4]
     */
    public record Options(String name, String task, Path wordCsv, Path mask, Path roiDir, List<String> subjects, Double tr) {
        public Options {
            subjects = List.copyOf(subjects);
        }

        public static Options named(String name) {
            return new Options(name, null, null, null, null, List.of(), null);
        }
    }

    public static DatasetMeta importTo(Path bidsRoot, Options options, Path outDir) throws IOException {
        Plan plan = plan(bidsRoot, options);
        return ImportTarget.write(outDir, () -> write(plan, options, outDir));
    }

    /** Everything the import needs, validated, before any voxel is read. */
    private record Plan(Path root, Map<String, List<Path>> runsBySubject, List<String> sections, List<WordTable> words,
                        int[] grid, double[][] affine, double tr, int[] trsPerRun, Map<String, Object> groundTruth) {
    }

    private static Plan plan(Path root, Options options) throws IOException {
        if (!Files.isDirectory(root)) throw new DatasetException("dataset root " + root + " is not a directory");
        Map<String, List<Path>> all = LppLayout.findBoldRuns(root, options.task());
        if (all.isEmpty()) {
            throw new DatasetException(root + ": no BOLD runs found (expected derivatives/sub-*/func/sub-*"
                    + (options.task() == null ? "" : "_task-" + options.task()) + "_run-*_bold.nii[.gz])");
        }
        Map<String, List<Path>> runs = new LinkedHashMap<>();
        if (options.subjects().isEmpty()) {
            runs.putAll(all);
        } else {
            for (String subject : options.subjects()) {
                if (!all.containsKey(subject)) throw new DatasetException("subject " + subject + " has no BOLD runs under " + root + "; found " + all.keySet());
                runs.put(subject, all.get(subject));
            }
        }
        String firstSubject = runs.keySet().iterator().next();
        int runCount = runs.get(firstSubject).size();
        for (Map.Entry<String, List<Path>> e : runs.entrySet()) {
            if (e.getValue().size() != runCount) {
                throw new DatasetException("missing runs: " + e.getKey() + " has " + e.getValue().size() + " BOLD runs but "
                        + firstSubject + " has " + runCount);
            }
        }

        Path csv = LppLayout.findWordCsv(root, options.wordCsv());
        Map<String, WordTable> bySection = WordTable.readGrouped(csv, "section");
        List<String> sections = new ArrayList<>(bySection.keySet());
        sections.sort(sectionOrder(sections));
        if (sections.size() != runCount) {
            throw new DatasetException("run/section count mismatch: the word table " + csv + " has " + sections.size()
                    + " sections but each subject has " + runCount + " BOLD runs");
        }
        List<WordTable> words = new ArrayList<>();
        for (String section : sections) {
            WordTable table = bySection.get(section);
            for (int i = 0; i < table.size(); i++) {
                if (table.words().get(i).isBlank()) throw new DatasetException("empty word: section " + section + ", word " + (i + 1) + " of " + csv);
                if (!Double.isFinite(table.onsets()[i]) || !Double.isFinite(table.offsets()[i])) {
                    throw new DatasetException("non-finite onset/offset: section " + section + ", word " + (i + 1) + " of " + csv);
                }
            }
            words.add(table);
        }

        NiftiHeader first = Nifti.readHeader(runs.get(firstSubject).get(0));
        Path firstFile = runs.get(firstSubject).get(0);
        double tr = options.tr() != null ? options.tr() : first.tr();
        if (!(tr > 0)) throw new DatasetException(firstFile + ": pixdim[4] (the TR) is " + first.tr() + "; give the TR option");
        int[] trsPerRun = new int[runCount];
        for (Map.Entry<String, List<Path>> e : runs.entrySet()) {
            for (int r = 0; r < runCount; r++) {
                Path file = e.getValue().get(r);
                NiftiHeader h = Nifti.readHeader(file);
                int[] shape = h.shape();
                if (shape.length != 4) throw new DatasetException(file + ": expected a 4-D BOLD series, got shape " + Arrays.toString(shape));
                requireSameGrid(file, h.shape(), h.affine(), firstFile, first.shape(), first.affine());
                if (options.tr() == null && Math.abs(h.tr() - tr) > 1e-3) {
                    throw new DatasetException(file + ": TR " + h.tr() + " s differs from " + firstFile + "'s " + tr + " s");
                }
                if (trsPerRun[r] == 0) {
                    trsPerRun[r] = shape[3];
                } else if (trsPerRun[r] != shape[3]) {
                    throw new DatasetException("TR count mismatch in run " + (r + 1) + ": " + file + " has " + shape[3]
                            + " volumes, " + runs.get(firstSubject).get(r).getFileName() + " has " + trsPerRun[r]);
                }
            }
        }
        for (int r = 0; r < runCount; r++) {
            WordTable table = words.get(r);
            double scanned = trsPerRun[r] * tr;
            double lastOffset = table.size() == 0 ? 0 : Arrays.stream(table.offsets()).max().orElse(0);
            if (lastOffset > scanned + tr) {
                throw new DatasetException(String.format("TR count mismatch between words and scans: section %s's words end at %.2f s but its %d scans cover %.2f s (TR %s s)",
                        sections.get(r), lastOffset, trsPerRun[r], scanned, tr));
            }
        }
        Path description = root.resolve(LppLayout.DESCRIPTION);
        Map<String, Object> truth = null;
        if (Files.isRegularFile(description)) {
            JsonNode node = new ObjectMapper().readTree(description.toFile()).get(LppLayout.GROUND_TRUTH_KEY);
            if (node != null && node.isObject()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = new ObjectMapper().convertValue(node, Map.class);
                truth = map;
            }
        }
        return new Plan(root, runs, sections, words, Arrays.copyOf(first.shape(), 3), first.affine(), tr, trsPerRun, truth);
    }

    private static DatasetMeta write(Plan plan, Options options, Path outDir) throws IOException {
        NiftiImage mask = options.mask() != null ? givenMask(options.mask(), plan) : dataMask(plan);
        int[] voxels = VoxelGrid.voxelIndices(mask);
        if (voxels.length == 0) throw new DatasetException("the mask keeps no voxels");

        List<String> runIds = plan.sections().stream().map(s -> "run-" + s).toList();
        List<DatasetMeta.Run> runs = new ArrayList<>();
        for (int r = 0; r < runIds.size(); r++) runs.add(new DatasetMeta.Run(runIds.get(r), plan.trsPerRun()[r], DatasetMeta.Run.TRAIN));
        List<String> subjects = new ArrayList<>(plan.runsBySubject().keySet());
        subjects.add(DatasetMeta.AVERAGE_SUBJECT);
        DatasetMeta meta = new DatasetMeta(DatasetMeta.SCHEMA_VERSION, options.name(), DatasetMeta.LPP, plan.tr(), runs, subjects,
                voxels.length, new DatasetMeta.Grid(plan.grid(), plan.affine()), plan.groundTruth());
        DatasetDirectory dir = DatasetDirectory.create(outDir, meta);
        dir.writeMask(mask);
        dir.writeVoxelCoordinates(VoxelGrid.coordinates(mask));
        for (int r = 0; r < runIds.size(); r++) dir.writeWords(runIds.get(r), plan.words().get(r));
        Path roiDir = options.roiDir() != null ? options.roiDir() : plan.root().resolve(LppLayout.ROI_DIR);
        if (options.roiDir() != null || Files.isDirectory(roiDir)) writeRois(roiDir, plan, dir);

        int subjectCount = plan.runsBySubject().size();
        SplitHalfCeiling ceiling = subjectCount < 2 ? null
                : new SplitHalfCeiling(List.copyOf(plan.runsBySubject().keySet()), SplitHalfCeiling.DEFAULT_SPLITS, CEILING_SEED, voxels.length);
        for (int r = 0; r < runIds.size(); r++) {
            float[][] sum = new float[plan.trsPerRun()[r]][voxels.length];
            if (ceiling != null) ceiling.startRun(plan.trsPerRun()[r]);
            for (Map.Entry<String, List<Path>> e : plan.runsBySubject().entrySet()) {
                Path file = e.getValue().get(r);
                float[][] series = Nifti.readTimeSeries(file, voxels);
                requireFinite(series, file, voxels, mask);
                float[][] clean = SignalCleaning.clean(series, plan.tr());
                dir.writeResponses(e.getKey(), runIds.get(r), clean);
                if (ceiling != null) ceiling.add(e.getKey(), clean);
                for (int t = 0; t < clean.length; t++) for (int v = 0; v < voxels.length; v++) sum[t][v] += clean[t][v] / subjectCount;
            }
            dir.writeResponses(DatasetMeta.AVERAGE_SUBJECT, runIds.get(r), Preprocessing.zscore(sum));
            if (ceiling != null) ceiling.endRun();
        }
        if (ceiling != null) dir.writeCeiling(DatasetMeta.AVERAGE_SUBJECT, ceiling.ceiling());
        dir.verify();
        return meta;
    }

    private static NiftiImage givenMask(Path file, Plan plan) throws IOException {
        NiftiImage mask = Nifti.read(file);
        requireSameGrid(file, mask.shape(), mask.affine(), plan.runsBySubject().values().iterator().next().get(0), plan.grid(), plan.affine());
        boolean[] inside = new boolean[mask.voxelsPerVolume()];
        for (int i = 0; i < inside.length; i++) inside[i] = mask.data()[i] > 0;
        return NiftiImage.mask(plan.grid(), plan.affine(), inside);
    }

    /**
     * Voxels that vary in at least half of all subjects' runs and are finite in all of them,
     * intersected with their mirror. Streams the runs a volume at a time.
     */
    private static NiftiImage dataMask(Plan plan) throws IOException {
        int perVolume = plan.grid()[0] * plan.grid()[1] * plan.grid()[2];
        int[] count = new int[perVolume];
        boolean[] nonFinite = new boolean[perVolume];
        int total = 0;
        float[] first = new float[perVolume];
        boolean[] varies = new boolean[perVolume];
        for (List<Path> files : plan.runsBySubject().values()) {
            for (Path file : files) {
                Arrays.fill(varies, false);
                Nifti.forEachVolume(file, (t, values) -> {
                    if (t == 0) System.arraycopy(values, 0, first, 0, perVolume);
                    for (int v = 0; v < perVolume; v++) {
                        float x = values[v];
                        if (!Float.isFinite(x)) nonFinite[v] = true;
                        else if (x != first[v]) varies[v] = true;
                    }
                });
                for (int v = 0; v < perVolume; v++) if (varies[v]) count[v]++;
                total++;
            }
        }
        boolean[] inside = new boolean[perVolume];
        for (int v = 0; v < perVolume; v++) inside[v] = !nonFinite[v] && count[v] >= MASK_FRACTION * total;
        NiftiImage raw = NiftiImage.mask(plan.grid(), plan.affine(), inside);
        return NiftiImage.mask(plan.grid(), plan.affine(), VoxelGrid.symmetrize(raw));
    }

    private static void writeRois(Path roiDir, Plan plan, DatasetDirectory dir) throws IOException {
        if (!Files.isDirectory(roiDir)) throw new DatasetException("ROI directory " + roiDir + " does not exist");
        List<Path> files;
        try (Stream<Path> list = Files.list(roiDir)) {
            files = list.filter(f -> f.getFileName().toString().matches(".*\\.nii(\\.gz)?")).sorted().toList();
        }
        for (Path file : files) {
            NiftiImage roi = Nifti.read(file);
            requireSameGrid(file, roi.shape(), roi.affine(), plan.runsBySubject().values().iterator().next().get(0), plan.grid(), plan.affine());
            boolean[] inside = new boolean[roi.voxelsPerVolume()];
            for (int i = 0; i < inside.length; i++) inside[i] = roi.data()[i] > 0;
            String name = file.getFileName().toString().replaceFirst("\\.nii(\\.gz)?$", "");
            dir.writeRoi(name, NiftiImage.mask(plan.grid(), plan.affine(), inside));
        }
    }

    static void requireSameGrid(Path file, int[] shape, double[][] affine, Path reference, int[] refShape, double[][] refAffine) throws DatasetException {
        boolean same = shape.length >= 3 && refShape.length >= 3;
        for (int a = 0; same && a < 3; a++) same = shape[a] == refShape[a];
        for (int r = 0; same && r < 3; r++) {
            for (int c = 0; c < 4; c++) same &= Math.abs(affine[r][c] - refAffine[r][c]) <= GRID_TOLERANCE_MM;
        }
        if (!same) {
            throw new DatasetException("affine/shape mismatch: " + file + " has grid " + Arrays.toString(Arrays.copyOf(shape, Math.min(3, shape.length)))
                    + " with affine " + Arrays.deepToString(Arrays.copyOf(affine, 3)) + ", but " + reference + " has "
                    + Arrays.toString(Arrays.copyOf(refShape, 3)) + " with " + Arrays.deepToString(Arrays.copyOf(refAffine, 3)));
        }
    }

    private static void requireFinite(float[][] series, Path file, int[] voxels, NiftiImage mask) throws DatasetException {
        int[] s = mask.shape();
        for (int t = 0; t < series.length; t++) {
            for (int v = 0; v < voxels.length; v++) {
                if (!Float.isFinite(series[t][v])) {
                    int index = voxels[v];
                    throw new DatasetException("non-finite values: " + file + " has " + series[t][v] + " at voxel ("
                            + index % s[0] + ", " + (index / s[0]) % s[1] + ", " + index / (s[0] * s[1]) + "), volume " + t + ", inside the mask");
                }
            }
        }
    }

    /** Numeric order when every section label is an integer, else text order. */
    private static Comparator<String> sectionOrder(List<String> sections) {
        boolean numeric = sections.stream().allMatch(s -> s.matches("-?\\d+"));
        return numeric ? Comparator.comparingInt(Integer::parseInt) : Comparator.naturalOrder();
    }
}
