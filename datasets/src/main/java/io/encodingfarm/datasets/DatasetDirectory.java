package io.encodingfarm.datasets;

import io.encodingfarm.formats.Nifti;
import io.encodingfarm.formats.NiftiImage;
import io.encodingfarm.formats.Npy;
import io.encodingfarm.formats.NpyArray;
import io.encodingfarm.formats.WordTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Typed access to a local directory laid out like the store's {@code datasets/<dataset>/} (see
 * docs/store-layout.md), minus the {@code _COMMITTED} marker that the service layer adds on upload.
 * Readers and writers of every file of the layout live here so that paths are spelled once.
 */
public final class DatasetDirectory {
    public static final String META = "dataset.json";
    public static final String MASK = "mask.nii.gz";
    public static final String VOXELS = "voxels.npy";

    private final Path root;
    private DatasetMeta meta;

    private DatasetDirectory(Path root, DatasetMeta meta) {
        this.root = root;
        this.meta = meta;
    }

    /** Opens an existing dataset directory, reading its {@code dataset.json}. */
    public static DatasetDirectory open(Path root) throws IOException {
        Path metaFile = root.resolve(META);
        if (!Files.isRegularFile(metaFile)) {
            throw new NoSuchFileException(metaFile.toString(), null, "not a dataset directory: " + META + " is missing");
        }
        return new DatasetDirectory(root, DatasetMeta.read(metaFile));
    }

    /** Creates (or overwrites into) a dataset directory and writes its {@code dataset.json}. */
    public static DatasetDirectory create(Path root, DatasetMeta meta) throws IOException {
        Files.createDirectories(root);
        DatasetDirectory dir = new DatasetDirectory(root, meta);
        dir.writeMeta(meta);
        return dir;
    }

    public Path root() {
        return root;
    }

    public DatasetMeta meta() {
        return meta;
    }

    public void writeMeta(DatasetMeta newMeta) throws IOException {
        newMeta.write(root.resolve(META));
        meta = newMeta;
    }

    public NiftiImage mask() throws IOException {
        return Nifti.read(root.resolve(MASK));
    }

    public void writeMask(NiftiImage mask) throws IOException {
        Nifti.write(mask, root.resolve(MASK));
    }

    /** V × 3 MNI coordinates (mm) of the in-mask voxels, in the column order of every response matrix. */
    public float[][] voxelCoordinates() throws IOException {
        return readNpy(VOXELS).toFloatMatrix();
    }

    public void writeVoxelCoordinates(float[][] coordinates) throws IOException {
        writeNpy(VOXELS, NpyArray.ofMatrix(coordinates));
    }

    public Hemisphere[] hemispheres() throws IOException {
        return VoxelGrid.hemispheres(voxelCoordinates());
    }

    public static String wordsPath(String run) {
        return "words/" + run + ".csv";
    }

    public WordTable words(String run) throws IOException {
        meta.run(run);
        return WordTable.read(root.resolve(wordsPath(run)));
    }

    public void writeWords(String run, WordTable words) throws IOException {
        words.write(root.resolve(wordsPath(run)));
    }

    public static String responsesPath(String subject, String run) {
        return "responses/" + subject + "/" + run + ".npy";
    }

    /** TRs × voxels, preprocessed. */
    public float[][] responses(String subject, String run) throws IOException {
        requireSubject(subject);
        meta.run(run);
        return readNpy(responsesPath(subject, run)).toFloatMatrix();
    }

    public void writeResponses(String subject, String run, float[][] trsByVoxels) throws IOException {
        writeNpy(responsesPath(subject, run), NpyArray.ofMatrix(trsByVoxels));
    }

    /** Per-voxel noise ceiling of a subject, when the import computed one. */
    public Optional<float[]> ceiling(String subject) throws IOException {
        String path = "ceiling/" + subject + ".npy";
        return Files.exists(root.resolve(path)) ? Optional.of(readNpy(path).toFloatArray()) : Optional.empty();
    }

    public void writeCeiling(String subject, float[] perVoxel) throws IOException {
        writeNpy("ceiling/" + subject + ".npy", NpyArray.ofFloats(perVoxel, perVoxel.length));
    }

    /** Acquisition times (s) of a Huth-convention run's TRs, when its TR file was imported. */
    public Optional<double[]> trTimes(String run) throws IOException {
        String path = "tr-times/" + run + ".npy";
        return Files.exists(root.resolve(path)) ? Optional.of(readNpy(path).toDoubleArray()) : Optional.empty();
    }

    public void writeTrTimes(String run, double[] times) throws IOException {
        writeNpy("tr-times/" + run + ".npy", NpyArray.ofDoubles(times, times.length));
    }

    /** Repeated test presentations of a run: repeats × TRs × voxels, flattened in C order. */
    public Optional<NpyArray> repeats(String subject, String run) throws IOException {
        String path = "repeats/" + subject + "/" + run + ".npy";
        return Files.exists(root.resolve(path)) ? Optional.of(readNpy(path)) : Optional.empty();
    }

    public void writeRepeats(String subject, String run, float[][][] repeatsTrsVoxels) throws IOException {
        int repeats = repeatsTrsVoxels.length;
        int trs = repeats == 0 ? 0 : repeatsTrsVoxels[0].length;
        int voxels = trs == 0 ? 0 : repeatsTrsVoxels[0][0].length;
        float[] flat = new float[repeats * trs * voxels];
        for (int r = 0; r < repeats; r++) {
            if (repeatsTrsVoxels[r].length != trs) throw new IllegalArgumentException("repeat " + r + " has " + repeatsTrsVoxels[r].length + " TRs, repeat 0 has " + trs);
            for (int t = 0; t < trs; t++) System.arraycopy(repeatsTrsVoxels[r][t], 0, flat, (r * trs + t) * voxels, voxels);
        }
        writeNpy("repeats/" + subject + "/" + run + ".npy", NpyArray.ofFloats(flat, repeats, trs, voxels));
    }

    /** Names of the ROI masks under {@code rois/}. */
    public List<String> roiNames() throws IOException {
        Path dir = root.resolve("rois");
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".nii.gz"))
                    .map(n -> n.substring(0, n.length() - ".nii.gz".length())).sorted().toList();
        }
    }

    public NiftiImage roi(String name) throws IOException {
        return Nifti.read(root.resolve("rois/" + name + ".nii.gz"));
    }

    public void writeRoi(String name, NiftiImage mask) throws IOException {
        Nifti.write(mask, root.resolve("rois/" + name + ".nii.gz"));
    }

    /**
     * What {@code farm dataset inspect} prints: name, convention, TR, grid, subjects, runs with their
     * TRs and words, voxels per hemisphere, optional extras.
     */
    public String summary() throws IOException {
        StringBuilder out = new StringBuilder();
        out.append(String.format(java.util.Locale.ROOT, "dataset %s (%s convention, TR %s s)%n", meta.name(), meta.convention(), meta.tr()));
        out.append("grid ").append(Arrays.toString(meta.grid().shape())).append(", voxel size ")
                .append(String.format(java.util.Locale.ROOT, "%.3g", Math.abs(meta.grid().affine()[0][0]))).append(" mm\n");
        out.append("subjects (").append(meta.subjects().size()).append("): ").append(String.join(", ", meta.subjects())).append('\n');
        out.append("runs (").append(meta.runs().size()).append(", ").append(meta.totalTrs()).append(" TRs):\n");
        for (DatasetMeta.Run run : meta.runs()) {
            out.append(String.format(java.util.Locale.ROOT, "  %-12s %-5s %5d TRs %6d words%n", run.id(), run.role(), run.nTrs(), words(run.id()).size()));
        }
        Map<Hemisphere, Long> sides = Arrays.stream(hemispheres()).collect(java.util.stream.Collectors.groupingBy(h -> h, () -> new java.util.EnumMap<>(Hemisphere.class), java.util.stream.Collectors.counting()));
        out.append("voxels ").append(meta.nVoxels()).append(": left ").append(sides.getOrDefault(Hemisphere.LEFT, 0L))
                .append(", right ").append(sides.getOrDefault(Hemisphere.RIGHT, 0L)).append(", midline ")
                .append(sides.getOrDefault(Hemisphere.MIDLINE, 0L)).append('\n');
        List<String> rois = roiNames();
        if (!rois.isEmpty()) out.append("ROIs: ").append(String.join(", ", rois)).append('\n');
        if (meta.groundTruth() != null) out.append("ground truth: ").append(meta.groundTruth()).append('\n');
        return out.toString();
    }

    /**
     * Checks that every file the metadata promises exists with the promised shape: the mask's grid
     * and voxel count, the voxel table, a word table per run and a TRs × voxels matrix per subject and run.
     * Throws {@link DatasetException} naming the first inconsistency.
     */
    public void verify() throws IOException {
        NiftiImage mask = mask();
        int[] gridShape = Arrays.copyOf(mask.shape(), 3);
        if (!Arrays.equals(gridShape, meta.grid().shape())) {
            throw new DatasetException("mask.nii.gz has shape " + Arrays.toString(gridShape) + " but dataset.json's grid is "
                    + Arrays.toString(meta.grid().shape()));
        }
        int inMask = VoxelGrid.voxelIndices(mask).length;
        if (inMask != meta.nVoxels()) {
            throw new DatasetException("mask.nii.gz has " + inMask + " voxels but dataset.json says n_voxels " + meta.nVoxels());
        }
        float[][] voxels = voxelCoordinates();
        if (voxels.length != meta.nVoxels() || voxels.length > 0 && voxels[0].length != 3) {
            throw new DatasetException("voxels.npy must be " + meta.nVoxels() + " × 3, found " + voxels.length + " × "
                    + (voxels.length == 0 ? 0 : voxels[0].length));
        }
        for (DatasetMeta.Run run : meta.runs()) {
            if (words(run.id()).size() == 0) throw new DatasetException("run '" + run.id() + "' has no words");
            for (String subject : meta.subjects()) {
                int[] shape = npyShape(responsesPath(subject, run.id()));
                if (shape.length != 2 || shape[0] != run.nTrs() || shape[1] != meta.nVoxels()) {
                    throw new DatasetException(responsesPath(subject, run.id()) + " has shape " + Arrays.toString(shape)
                            + ", expected [" + run.nTrs() + ", " + meta.nVoxels() + "] (TRs × voxels)");
                }
            }
        }
    }

    private int[] npyShape(String relative) throws IOException {
        try (InputStream in = Files.newInputStream(root.resolve(relative))) {
            return Npy.readShape(new java.io.BufferedInputStream(in, 4096));
        }
    }

    private void requireSubject(String subject) {
        if (!meta.subjects().contains(subject)) {
            throw new IllegalArgumentException("dataset '" + meta.name() + "' has no subject '" + subject + "'; subjects: " + meta.subjects());
        }
    }

    private NpyArray readNpy(String relative) throws IOException {
        try (InputStream in = Files.newInputStream(root.resolve(relative))) {
            return Npy.read(new java.io.BufferedInputStream(in, 1 << 16));
        }
    }

    private void writeNpy(String relative, NpyArray array) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            Npy.write(array, out);
        }
    }
}
