package io.encodingfarm.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Hdf5Test {
    /** h5py 3.7 wrote {@code data} = arange(210).reshape(30, 7) / 8 as float32, gzip, chunks (10, 7). */
    @Test
    void readsAnH5pyGzipChunkedResponseMatrix(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("story.hf5");
        try (InputStream in = Hdf5Test.class.getResourceAsStream("/fixtures/h5py-gzip-resp.hf5")) {
            Files.copy(in, file);
        }
        assertEquals(List.of("data", "other"), Hdf5.datasetNames(file));
        NpyArray resp = Hdf5.read(file, "resp", "data");
        assertArrayEquals(new int[]{30, 7}, resp.shape());
        assertArrayEquals(new int[]{30, 7}, Hdf5.shape(file, "resp", "data"));
        assertEquals(209 / 8f, resp.toFloatMatrix()[29][6]);
        IOException missing = assertThrows(IOException.class, () -> Hdf5.read(file, "resp"));
        assertTrue(missing.getMessage().endsWith("no dataset named resp; it has [data, other]"), missing.getMessage());
    }

    @Test
    void writesWhatItReads(@TempDir Path dir) throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("data", NpyArray.ofFloats(new float[]{1, 2, 3, 4, 5, 6}, 3, 2));
        arrays.put("repeats", NpyArray.ofDoubles(new double[]{1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2));
        Path file = dir.resolve("out.hf5");
        Hdf5.write(file, arrays);
        assertArrayEquals(new float[]{1, 2, 3, 4, 5, 6}, Hdf5.read(file, "data").toFloatArray());
        NpyArray repeats = Hdf5.read(file, "repeats");
        assertArrayEquals(new int[]{2, 2, 2}, repeats.shape());
        assertArrayEquals(new double[]{1, 2, 3, 4, 5, 6, 7, 8}, repeats.toDoubleArray());
    }
}
