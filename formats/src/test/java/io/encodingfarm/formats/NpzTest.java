package io.encodingfarm.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {
    @Test
    void roundTripsEveryDtypeStoredAndCompressed(@TempDir Path dir) throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("weights", NpyArray.ofFloats(new float[]{1.5f, -2, 3, 4, 5, 6}, 2, 3));
        arrays.put("alphas", NpyArray.ofDoubles(new double[]{0.1, 1e3}, 2));
        arrays.put("counts", NpyArray.ofInts(new int[]{-7, 8, 9}, 3));
        arrays.put("ids", NpyArray.ofLongs(new long[]{1L << 40}, 1));
        arrays.put("keep", NpyArray.ofBooleans(new boolean[]{true, false, true, true}, 2, 2));
        for (boolean compressed : new boolean[]{false, true}) {
            Path file = dir.resolve("a" + compressed + ".npz");
            Npz.write(arrays, file, compressed);
            Map<String, NpyArray> back = Npz.read(file);
            assertEquals(List.copyOf(arrays.keySet()), List.copyOf(back.keySet()));
            for (String name : arrays.keySet()) {
                assertEquals(arrays.get(name).dtype(), back.get(name).dtype(), name);
                assertArrayEquals(arrays.get(name).shape(), back.get(name).shape(), name);
                assertArrayEquals(arrays.get(name).toDoubleArray(), back.get(name).toDoubleArray(), name);
            }
        }
    }

    /** Bytes numpy 2.4 wrote for {@code np.save(f, np.array([[1, 2], [3, 4]], dtype='<i2'))}. */
    @Test
    void readsNumpyInt16AndWritesItBackIdentically() throws IOException {
        String header = "{'descr': '<i2', 'fortran_order': False, 'shape': (2, 2), }";
        byte[] bytes = new byte[128 + 8];
        byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 118, 0};
        System.arraycopy(magic, 0, bytes, 0, magic.length);
        String padded = header + " ".repeat(128 - 10 - header.length() - 1) + "\n";
        System.arraycopy(padded.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, bytes, 10, padded.length());
        byte[] data = {1, 0, 2, 0, 3, 0, 4, 0};
        System.arraycopy(data, 0, bytes, 128, 8);
        NpyArray array = Npy.read(bytes);
        assertEquals("<i2", array.dtype());
        assertArrayEquals(new long[]{1, 2, 3, 4}, array.toLongArray());
        assertArrayEquals(bytes, Npy.toBytes(array));
        assertArrayEquals(new int[]{2, 2}, Npy.readShape(new java.io.ByteArrayInputStream(bytes)));
    }
}
