package io.encodingfarm.models.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path dir;

    @Test
    void writtenFilesFollowTheFormatAndReadBack() throws Exception {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("a.weight", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        tensors.put("a.bias", Tensor.of(new float[] {-1.5f}, 1));
        Path file = dir.resolve(Safetensors.SINGLE_FILE);
        Safetensors.write(file, tensors);

        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = bytes.getLong(0);
        assertEquals(0, headerLength % 8);
        String header = new String(bytes.array(), 8, (int) headerLength, StandardCharsets.UTF_8);
        assertTrue(header.contains("\"a.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}"), header);
        assertEquals(6f, bytes.getFloat((int) (8 + headerLength + 20)));

        Safetensors read = Safetensors.open(dir);
        assertArrayEquals(new long[] {2, 3}, read.shape("a.weight"));
        assertArrayEquals(tensors.get("a.weight").values(), read.read("a.weight").values());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> read.read("b.weight"));
        assertTrue(missing.getMessage().contains("b.weight"));
    }

    @Test
    void shardsAndHalfPrecisionAreRead() throws Exception {
        Safetensors.write(dir.resolve("model-00001-of-00002.safetensors"), Map.of("x", Tensor.of(new float[] {1, 2}, 2)));
        // A BF16/F16 shard, as real checkpoints store them: 1.0 and -2.5 in each.
        String header = "{\"y\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]},"
                + "\"z\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[4,8]}}";
        ByteBuffer shard = ByteBuffer.allocate(8 + header.length() + 8).order(ByteOrder.LITTLE_ENDIAN);
        shard.putLong(header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        shard.putShort((short) 0x3F80).putShort((short) 0xC020).putShort((short) 0x3C00).putShort((short) 0xC100);
        Files.write(dir.resolve("model-00002-of-00002.safetensors"), shard.array());
        Files.writeString(dir.resolve(Safetensors.INDEX_FILE), "{\"metadata\":{},\"weight_map\":{"
                + "\"x\":\"model-00001-of-00002.safetensors\",\"y\":\"model-00002-of-00002.safetensors\","
                + "\"z\":\"model-00002-of-00002.safetensors\"}}");
        Safetensors read = Safetensors.open(dir);
        assertArrayEquals(new float[] {1, 2}, read.read("x").values());
        assertArrayEquals(new float[] {1, -2.5f}, read.read("y").values());
        assertArrayEquals(new float[] {1, -2.5f}, read.read("z").values());
        assertEquals(1f / (1 << 24), Safetensors.halfToFloat((short) 1));
    }

    @Test
    void aDirectoryWithoutWeightsSaysWhatItExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Safetensors.open(dir));
        assertTrue(e.getMessage().contains(Safetensors.SINGLE_FILE) && e.getMessage().contains(Safetensors.INDEX_FILE));
    }
}
