package io.encodingfarm.formats;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * NumPy's {@code .npz}: a zip archive of {@code <name>.npy} members, as written by
 * {@code numpy.savez} (stored) and {@code numpy.savez_compressed} (deflated).
 */
public final class Npz {
    private Npz() {
    }

    /** The arrays by name (the member name without {@code .npy}), in archive order. */
    public static Map<String, NpyArray> read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    public static Map<String, NpyArray> read(InputStream raw, String source) throws IOException {
        Map<String, NpyArray> out = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new BufferedInputStream(raw, 1 << 16))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                if (entry.isDirectory()) continue;
                String name = entry.getName();
                if (!name.endsWith(".npy")) throw new IOException(source + ": member '" + name + "' is not a .npy array");
                try {
                    out.put(name.substring(0, name.length() - 4), Npy.read(zip));
                } catch (IOException e) {
                    throw new IOException(source + ": member '" + name + "': " + e.getMessage(), e);
                }
            }
        }
        if (out.isEmpty()) throw new IOException(source + ": not an .npz archive (no .npy members)");
        return out;
    }

    public static void write(Map<String, NpyArray> arrays, Path file, boolean compressed) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            write(arrays, out, compressed);
        }
    }

    public static void write(Map<String, NpyArray> arrays, OutputStream target, boolean compressed) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(target);
        for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
            byte[] bytes = Npy.toBytes(e.getValue());
            ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
            if (compressed) {
                entry.setMethod(ZipEntry.DEFLATED);
            } else {
                CRC32 crc = new CRC32();
                crc.update(bytes);
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(bytes.length);
                entry.setCompressedSize(bytes.length);
                entry.setCrc(crc.getValue());
            }
            zip.putNextEntry(entry);
            zip.write(bytes);
            zip.closeEntry();
        }
        zip.finish();
        zip.flush();
    }
}
