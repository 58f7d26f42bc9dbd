package io.encodingfarm.models.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The weights of a Hugging Face checkpoint directory in the safetensors format: either one
 * {@code model.safetensors} or shards listed by {@code model.safetensors.index.json}. Only headers are
 * read up front; each tensor is read (and widened to float32 from F16/BF16/F64) when asked for.
 */
public final class Safetensors implements WeightSource {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String SINGLE_FILE = "model.safetensors";
    public static final String INDEX_FILE = "model.safetensors.index.json";

    private record Entry(Path file, long dataStart, String dtype, long[] shape, long begin, long end) {
    }

    private final Map<String, Entry> entries;

    private Safetensors(Map<String, Entry> entries) {
        this.entries = entries;
    }

    public static Safetensors open(Path checkpointDir) {
        Path single = checkpointDir.resolve(SINGLE_FILE);
        Path index = checkpointDir.resolve(INDEX_FILE);
        Map<String, Entry> entries = new LinkedHashMap<>();
        try {
            if (Files.isRegularFile(index)) {
                JsonNode weightMap = JSON.readTree(index.toFile()).path("weight_map");
                Map<String, Map<String, Entry>> shards = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> e : weightMap.properties()) {
                    String shard = e.getValue().asText();
                    Map<String, Entry> shardEntries = shards.computeIfAbsent(shard, s -> readHeader(checkpointDir.resolve(s)));
                    Entry entry = shardEntries.get(e.getKey());
                    if (entry == null) {
                        throw new IllegalArgumentException(index + " maps tensor '" + e.getKey() + "' to " + shard
                                + ", but that shard does not contain it");
                    }
                    entries.put(e.getKey(), entry);
                }
            } else if (Files.isRegularFile(single)) {
                entries.putAll(readHeader(single));
            } else {
                throw new IllegalArgumentException("no weights in " + checkpointDir + ": expected " + SINGLE_FILE
                        + " or " + INDEX_FILE + " (only the safetensors format is supported)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the safetensors index " + index, e);
        }
        return new Safetensors(entries);
    }

    private static Map<String, Entry> readHeader(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength <= 0 || headerLength > 100_000_000L || headerLength + 8 > channel.size()) {
                throw new IllegalArgumentException(file + " is not a safetensors file (header length " + headerLength + ")");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            readFully(channel, header, 8);
            JsonNode root = JSON.readTree(new String(header.array(), StandardCharsets.UTF_8));
            Map<String, Entry> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : root.properties()) {
                if (e.getKey().equals("__metadata__")) continue;
                JsonNode t = e.getValue();
                long[] shape = new long[t.path("shape").size()];
                for (int i = 0; i < shape.length; i++) shape[i] = t.path("shape").get(i).asLong();
                out.put(e.getKey(), new Entry(file, 8 + headerLength, t.path("dtype").asText(), shape,
                        t.path("data_offsets").get(0).asLong(), t.path("data_offsets").get(1).asLong()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read safetensors file " + file, e);
        }
    }

    @Override
    public Set<String> names() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    @Override
    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    @Override
    public long[] shape(String name) {
        return entry(name).shape().clone();
    }

    @Override
    public Tensor read(String name) {
        Entry e = entry(name);
        long n = elements(e.shape());
        int width = switch (e.dtype()) {
            case "F32" -> 4;
            case "F16", "BF16" -> 2;
            case "F64" -> 8;
            default -> throw new IllegalArgumentException("tensor '" + name + "' in " + e.file() + " has dtype " + e.dtype()
                    + "; supported: F32, F16, BF16, F64");
        };
        if (e.end() - e.begin() != n * width) {
            throw new IllegalArgumentException("tensor '" + name + "' in " + e.file() + " has " + (e.end() - e.begin())
                    + " bytes for shape " + Arrays.toString(e.shape()) + " of " + e.dtype());
        }
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("tensor '" + name + "' is too large: " + n + " values");
        ByteBuffer bytes = ByteBuffer.allocate((int) (n * width)).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(e.file(), StandardOpenOption.READ)) {
            readFully(channel, bytes, e.dataStart() + e.begin());
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read tensor '" + name + "' from " + e.file(), ex);
        }
        bytes.flip();
        float[] values = new float[(int) n];
        switch (e.dtype()) {
            case "F32" -> bytes.asFloatBuffer().get(values);
            case "F64" -> {
                for (int i = 0; i < values.length; i++) values[i] = (float) bytes.getDouble();
            }
            case "BF16" -> {
                for (int i = 0; i < values.length; i++) values[i] = Float.intBitsToFloat((bytes.getShort() & 0xffff) << 16);
            }
            default -> {
                for (int i = 0; i < values.length; i++) values[i] = halfToFloat(bytes.getShort());
            }
        }
        return new Tensor(e.shape().clone(), values);
    }

    /** IEEE 754 binary16 to float (Float.float16ToFloat arrives only in Java 20). */
    static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    private Entry entry(String name) {
        Entry e = entries.get(name);
        if (e == null) throw new IllegalArgumentException("the checkpoint has no tensor '" + name + "'");
        return e;
    }

    private static long elements(long[] shape) {
        long n = 1;
        for (long d : shape) n *= d;
        return n;
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int read = channel.read(into, at);
            if (read < 0) throw new IOException("unexpected end of file at byte " + at);
            at += read;
        }
    }

    /** Writes tensors as one F32 safetensors file, in the given order. */
    public static void write(Path file, Map<String, Tensor> tensors) {
        ObjectNode header = JSON.createObjectNode();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F32");
            ArrayNode shape = t.putArray("shape");
            for (long d : e.getValue().shape()) shape.add(d);
            long size = 4L * e.getValue().values().length;
            t.putArray("data_offsets").add(offset).add(offset + size);
            offset += size;
        }
        byte[] headerBytes = header.toString().getBytes(StandardCharsets.UTF_8);
        // The format pads the header with spaces so the data starts 8-byte aligned.
        int padded = (headerBytes.length + 7) / 8 * 8;
        byte[] headerPadded = Arrays.copyOf(headerBytes, padded);
        Arrays.fill(headerPadded, headerBytes.length, padded, (byte) ' ');
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
            prefix.putLong(padded).put(headerPadded).flip();
            while (prefix.hasRemaining()) channel.write(prefix);
            for (Tensor t : tensors.values()) {
                ByteBuffer data = ByteBuffer.allocate(4 * t.values().length).order(ByteOrder.LITTLE_ENDIAN);
                data.asFloatBuffer().put(t.values());
                while (data.hasRemaining()) channel.write(data);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write safetensors file " + file, e);
        }
    }
}
