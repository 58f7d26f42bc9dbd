package io.encodingfarm.formats;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format (versions 1.0–3.0): C-order arrays of float32/float64, signed and
 * unsigned integers and booleans are read and written back with their dtype (little-endian),
 * version 1.0, so that {@code numpy.load} opens them directly.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    public static byte[] toBytes(NpyArray array) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + array.size() * elementBytes(array.dtype()));
        try {
            write(array, out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private static int elementBytes(String dtype) {
        return Integer.parseInt(dtype.substring(2));
    }

    public static void write(NpyArray array, OutputStream out) throws IOException {
        String dtype = array.dtype();
        StringBuilder shape = new StringBuilder("(");
        int[] dims = array.shape();
        for (int i = 0; i < dims.length; i++) {
            shape.append(dims[i]);
            if (dims.length == 1 || i < dims.length - 1) shape.append(dims.length == 1 ? "," : ", ");
        }
        shape.append(')');
        String dict = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        out.write(MAGIC);
        out.write(1);
        out.write(0);
        int headerLength = header.length();
        out.write(headerLength & 0xff);
        out.write((headerLength >>> 8) & 0xff);
        out.write(header.getBytes(StandardCharsets.US_ASCII));
        int elementBytes = elementBytes(dtype);
        char kind = dtype.charAt(1);
        int chunkElements = 1 << 16;
        ByteBuffer buffer = ByteBuffer.allocate(chunkElements * elementBytes).order(ByteOrder.LITTLE_ENDIAN);
        int n = array.size();
        for (int start = 0; start < n; start += chunkElements) {
            int end = Math.min(n, start + chunkElements);
            buffer.clear();
            if (kind == 'f' && elementBytes == 4) {
                buffer.asFloatBuffer().put(array.rawFloats(), start, end - start);
            } else if (kind == 'f') {
                buffer.asDoubleBuffer().put(array.rawDoubles(), start, end - start);
            } else {
                double[] values = array.rawDoubles();
                for (int i = start; i < end; i++) {
                    long v = (long) values[i];
                    switch (elementBytes) {
                        case 1 -> buffer.put((byte) v);
                        case 2 -> buffer.putShort((short) v);
                        case 4 -> buffer.putInt((int) v);
                        default -> buffer.putLong(v);
                    }
                }
            }
            out.write(buffer.array(), 0, (end - start) * elementBytes);
        }
    }

    public static NpyArray read(byte[] bytes) throws IOException {
        return read(new java.io.ByteArrayInputStream(bytes));
    }

    public static NpyArray read(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        Header header = readHeader(in);
        long count = 1;
        for (int d : header.shape) count *= d;
        if (count > Integer.MAX_VALUE - 8) throw new IOException(".npy array too large: " + count + " elements");
        return readData(in, header.descr, header.shape, (int) count);
    }

    /** The array's shape, reading only the header. */
    public static int[] readShape(InputStream stream) throws IOException {
        return readHeader(new DataInputStream(stream)).shape;
    }

    private record Header(String descr, int[] shape) {
    }

    private static Header readHeader(DataInputStream in) throws IOException {
        byte[] magic = new byte[6];
        readFully(in, magic, "magic string");
        for (int i = 0; i < MAGIC.length; i++) {
            if (magic[i] != MAGIC[i]) throw new IOException("not a .npy file (bad magic string)");
        }
        int major = in.readUnsignedByte();
        in.readUnsignedByte();
        long headerLength;
        if (major == 1) {
            headerLength = in.readUnsignedByte() | (in.readUnsignedByte() << 8);
        } else if (major == 2 || major == 3) {
            headerLength = (in.readUnsignedByte() | (in.readUnsignedByte() << 8) | (in.readUnsignedByte() << 16)
                    | ((long) in.readUnsignedByte() << 24));
        } else {
            throw new IOException("unsupported .npy version " + major);
        }
        if (headerLength > 1 << 20) throw new IOException(".npy header too long: " + headerLength + " bytes");
        byte[] headerBytes = new byte[(int) headerLength];
        readFully(in, headerBytes, "header");
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, "descr");
        if ("True".equals(group(FORTRAN, header, "fortran_order"))) {
            throw new IOException("Fortran-order .npy arrays are not supported; save with numpy.ascontiguousarray");
        }
        return new Header(descr, parseShape(group(SHAPE, header, "shape")));
    }

    private static NpyArray readData(DataInputStream in, String descr, int[] shape, int count) throws IOException {
        if (descr.length() < 2) throw new IOException("unsupported .npy dtype '" + descr + "'");
        char order = descr.charAt(0);
        char kind = descr.charAt(1);
        int width;
        try {
            width = Integer.parseInt(descr.substring(2));
        } catch (NumberFormatException e) {
            throw new IOException("unsupported .npy dtype '" + descr + "'");
        }
        ByteOrder byteOrder = order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        if (kind == 'f' && width == 4) {
            float[] data = new float[count];
            ByteBuffer buffer = readBytes(in, (long) count * 4, byteOrder);
            buffer.asFloatBuffer().get(data);
            return NpyArray.ofFloats(data, shape);
        }
        double[] data = new double[count];
        if (kind == 'f' && width == 8) {
            readBytes(in, (long) count * 8, byteOrder).asDoubleBuffer().get(data);
        } else if ((kind == 'i' || kind == 'u') && (width == 1 || width == 2 || width == 4 || width == 8)) {
            ByteBuffer buffer = readBytes(in, (long) count * width, byteOrder);
            boolean unsigned = kind == 'u';
            for (int i = 0; i < count; i++) {
                switch (width) {
                    case 1 -> data[i] = unsigned ? buffer.get() & 0xff : buffer.get();
                    case 2 -> data[i] = unsigned ? buffer.getShort() & 0xffff : buffer.getShort();
                    case 4 -> data[i] = unsigned ? buffer.getInt() & 0xffffffffL : buffer.getInt();
                    default -> data[i] = buffer.getLong();
                }
            }
        } else if (kind == 'b' && width == 1) {
            ByteBuffer buffer = readBytes(in, count, byteOrder);
            for (int i = 0; i < count; i++) data[i] = buffer.get() != 0 ? 1 : 0;
        } else {
            throw new IOException("unsupported .npy dtype '" + descr + "' (float32/64, int, uint, bool are read)");
        }
        if (kind == 'f') return NpyArray.ofDoubles(data, shape);
        return NpyArray.ofIntegers(data, (width == 1 ? "|" : "<") + kind + width, shape);
    }

    private static ByteBuffer readBytes(DataInputStream in, long n, ByteOrder order) throws IOException {
        byte[] bytes = new byte[Math.toIntExact(n)];
        readFully(in, bytes, "data");
        return ByteBuffer.wrap(bytes).order(order);
    }

    private static void readFully(DataInputStream in, byte[] target, String what) throws IOException {
        try {
            in.readFully(target);
        } catch (EOFException e) {
            throw new IOException(".npy file truncated while reading its " + what);
        }
    }

    private static String group(Pattern pattern, String header, String key) throws IOException {
        Matcher m = pattern.matcher(header);
        if (!m.find()) throw new IOException(".npy header has no '" + key + "': " + header.strip());
        return m.group(1);
    }

    private static int[] parseShape(String text) throws IOException {
        List<Integer> dims = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) continue;
            try {
                dims.add(Integer.parseInt(p));
            } catch (NumberFormatException e) {
                throw new IOException(".npy shape '(" + text + ")' is not a tuple of integers");
            }
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }
}
