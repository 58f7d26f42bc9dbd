package io.encodingfarm.formats;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * HDF5 numeric datasets as {@link NpyArray}s, through the pure-Java jhdf library: reads float32 /
 * float64 / integer datasets as h5py writes them (contiguous, chunked, gzip, lzf); writes float32
 * and float64 arrays of rank 1–3 as plain datasets that h5py reads.
 */
public final class Hdf5 {
    private Hdf5() {
    }

    /** Names of the datasets at the file's root. */
    public static List<String> datasetNames(Path file) throws IOException {
        try (HdfFile hdf = open(file)) {
            return hdf.getChildren().values().stream().filter(n -> n instanceof Dataset).map(Node::getName).sorted().toList();
        } catch (HdfException e) {
            throw new IOException(file + ": unreadable HDF5: " + e.getMessage(), e);
        }
    }

    /** Shape of the first of {@code names} that exists in the file, without reading its data. */
    public static int[] shape(Path file, String... names) throws IOException {
        try (HdfFile hdf = open(file)) {
            return find(hdf, file, names).getDimensions();
        } catch (HdfException e) {
            throw new IOException(file + ": unreadable HDF5: " + e.getMessage(), e);
        }
    }

    /**
     * The first of {@code names} that exists in the file (Huth-lab response files call their matrix
     * {@code data} or {@code resp}).
     */
    public static NpyArray read(Path file, String... names) throws IOException {
        try (HdfFile hdf = open(file)) {
            return toArray(find(hdf, file, names), file);
        } catch (HdfException e) {
            throw new IOException(file + ": unreadable HDF5: " + e.getMessage(), e);
        }
    }

    private static Dataset find(HdfFile hdf, Path file, String... names) throws IOException {
        for (String name : names) {
            if (hdf.getChildren().get(name) instanceof Dataset dataset) return dataset;
        }
        throw new IOException(file + ": no dataset named " + String.join(" or ", names) + "; it has " + hdf.getChildren().keySet());
    }

    private static HdfFile open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new java.nio.file.NoSuchFileException(file.toString());
        return new HdfFile(file);
    }

    private static NpyArray toArray(Dataset dataset, Path file) throws IOException {
        int[] shape = dataset.getDimensions();
        Object flat = dataset.getDataFlat();
        if (flat instanceof float[] f) return NpyArray.ofFloats(f, shape);
        if (flat instanceof double[] d) return NpyArray.ofDoubles(d, shape);
        double[] widened;
        if (flat instanceof int[] a) {
            widened = new double[a.length];
            for (int i = 0; i < a.length; i++) widened[i] = a[i];
        } else if (flat instanceof long[] a) {
            widened = new double[a.length];
            for (int i = 0; i < a.length; i++) widened[i] = a[i];
        } else if (flat instanceof short[] a) {
            widened = new double[a.length];
            for (int i = 0; i < a.length; i++) widened[i] = a[i];
        } else if (flat instanceof byte[] a) {
            widened = new double[a.length];
            for (int i = 0; i < a.length; i++) widened[i] = a[i];
        } else {
            throw new IOException(file + ": dataset '" + dataset.getName() + "' holds " + dataset.getJavaType().getSimpleName()
                    + ", not numbers");
        }
        return NpyArray.ofDoubles(widened, shape);
    }

    /** Writes each array as a root dataset (float32 arrays stay float32, everything else float64). */
    public static void write(Path file, Map<String, NpyArray> datasets) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            for (Map.Entry<String, NpyArray> e : datasets.entrySet()) hdf.putDataset(e.getKey(), nested(e.getValue()));
        } catch (HdfException e) {
            throw new IOException(file + ": HDF5 write failed: " + e.getMessage(), e);
        }
    }

    private static Object nested(NpyArray array) {
        int[] s = array.shape();
        boolean f32 = array.isFloat32();
        float[] f = f32 ? array.toFloatArray() : null;
        double[] d = f32 ? null : array.toDoubleArray();
        switch (s.length) {
            case 1:
                return f32 ? f : d;
            case 2:
                return f32 ? split(f, s[0], s[1]) : split(d, s[0], s[1]);
            case 3: {
                int plane = s[1] * s[2];
                if (f32) {
                    float[][][] out = new float[s[0]][][];
                    for (int i = 0; i < s[0]; i++) out[i] = split(java.util.Arrays.copyOfRange(f, i * plane, (i + 1) * plane), s[1], s[2]);
                    return out;
                }
                double[][][] out = new double[s[0]][][];
                for (int i = 0; i < s[0]; i++) out[i] = split(java.util.Arrays.copyOfRange(d, i * plane, (i + 1) * plane), s[1], s[2]);
                return out;
            }
            default:
                throw new IllegalArgumentException("HDF5 writing supports rank 1–3 arrays, got shape " + java.util.Arrays.toString(s));
        }
    }

    private static float[][] split(float[] flat, int rows, int cols) {
        float[][] out = new float[rows][cols];
        for (int i = 0; i < rows; i++) System.arraycopy(flat, i * cols, out[i], 0, cols);
        return out;
    }

    private static double[][] split(double[] flat, int rows, int cols) {
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++) System.arraycopy(flat, i * cols, out[i], 0, cols);
        return out;
    }
}
