package io.encodingfarm.formats;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * NIfTI-1 and NIfTI-2 single-file images ({@code .nii}, and gzip-compressed {@code .nii.gz},
 * recognised by content). Reads either byte order, the datatypes of {@link NiftiDatatype},
 * {@code scl_slope}/{@code scl_inter}, and the affine with the standard's precedence: sform when its
 * code is positive, else qform when its code is positive, else the pixdim scaling. Writes NIfTI-1
 * little-endian with the same affine in both sform and qform (qform omitted when the affine has
 * shear, which a quaternion cannot represent).
 */
public final class Nifti {
    private static final int NIFTI1_HEADER = 348;
    private static final int NIFTI2_HEADER = 540;
    private static final int NIFTI1_DATA_OFFSET = 352;
    private static final int UNITS_MM_SEC = 2 | 8;
    private static final int CHUNK_VALUES = 1 << 16;

    private Nifti() {
    }

    public static NiftiImage read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    public static NiftiImage read(byte[] bytes) throws IOException {
        return read(new ByteArrayInputStream(bytes), "<bytes>");
    }

    public static NiftiImage read(InputStream raw, String source) throws IOException {
        DataInputStream in = decompressed(raw);
        Header header = readHeader(in, source);
        skipToData(in, header, source);
        float[] data = readData(in, header, source);
        return new NiftiImage(header.shape, header.affine, data, header.datatype, header.tr, header.xformCode);
    }

    /** Shape, affine, datatype and TR without reading the voxels (only the header is decompressed). */
    public static NiftiHeader readHeader(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Header h = readHeader(decompressed(in), file.toString());
            return new NiftiHeader(h.shape, h.affine, h.datatype, h.tr, h.xformCode);
        }
    }

    private static void skipToData(DataInputStream in, Header header, String source) throws IOException {
        long skip = header.voxOffset - header.size;
        if (skip < 0) throw new IOException(source + ": vox_offset " + header.voxOffset + " lies inside the header; only single-file (.nii) images are supported");
        in.skipNBytes(skip);
    }

    private static DataInputStream decompressed(InputStream raw) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        InputStream plain = b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16) : buffered;
        return new DataInputStream(plain);
    }

    private static Header readHeader(DataInputStream in, String source) throws IOException {
        byte[] first = new byte[4];
        readFully(in, first, source, "header");
        int le = ByteBuffer.wrap(first).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int be = ByteBuffer.wrap(first).order(ByteOrder.BIG_ENDIAN).getInt();
        ByteOrder order;
        int headerSize;
        if (le == NIFTI1_HEADER || le == NIFTI2_HEADER) {
            order = ByteOrder.LITTLE_ENDIAN;
            headerSize = le;
        } else if (be == NIFTI1_HEADER || be == NIFTI2_HEADER) {
            order = ByteOrder.BIG_ENDIAN;
            headerSize = be;
        } else {
            throw new IOException(source + ": not a NIfTI file (sizeof_hdr is " + le + ", expected 348 for NIfTI-1 or 540 for NIfTI-2)");
        }
        byte[] headerBytes = new byte[headerSize];
        System.arraycopy(first, 0, headerBytes, 0, 4);
        readFully(in, headerBytes, 4, headerSize - 4, source, "header");
        ByteBuffer h = ByteBuffer.wrap(headerBytes).order(order);
        return headerSize == NIFTI1_HEADER ? nifti1(h, source) : nifti2(h, source);
    }

    private record Header(int size, ByteOrder order, int[] shape, NiftiDatatype datatype, long voxOffset, double slope,
                          double inter, double[][] affine, double tr, int xformCode) {
    }

    private static Header nifti1(ByteBuffer h, String source) throws IOException {
        String magic = new String(new byte[]{h.get(344), h.get(345), h.get(346)}, StandardCharsets.US_ASCII);
        if (magic.equals("ni1")) throw new IOException(source + ": a two-file NIfTI-1 (.hdr/.img) header; only single-file .nii images are supported");
        if (!magic.equals("n+1")) throw new IOException(source + ": bad NIfTI-1 magic '" + magic + "' (expected 'n+1')");
        long[] dim = new long[8];
        for (int i = 0; i < 8; i++) dim[i] = h.getShort(40 + 2 * i);
        double[] pixdim = new double[8];
        for (int i = 0; i < 8; i++) pixdim[i] = h.getFloat(76 + 4 * i);
        double[] quatern = new double[6];
        for (int i = 0; i < 6; i++) quatern[i] = h.getFloat(256 + 4 * i);
        double[][] srow = new double[3][4];
        for (int r = 0; r < 3; r++) for (int c = 0; c < 4; c++) srow[r][c] = h.getFloat(280 + 16 * r + 4 * c);
        return header(h, source, dim, NiftiDatatype.of(h.getShort(70), source), (long) h.getFloat(108),
                h.getFloat(112), h.getFloat(116), pixdim, h.getShort(252), h.getShort(254), quatern, srow);
    }

    private static Header nifti2(ByteBuffer h, String source) throws IOException {
        String magic = new String(new byte[]{h.get(4), h.get(5), h.get(6)}, StandardCharsets.US_ASCII);
        if (!magic.equals("n+2")) throw new IOException(source + ": bad NIfTI-2 magic '" + magic + "' (expected 'n+2'; two-file images are not supported)");
        long[] dim = new long[8];
        for (int i = 0; i < 8; i++) dim[i] = h.getLong(16 + 8 * i);
        double[] pixdim = new double[8];
        for (int i = 0; i < 8; i++) pixdim[i] = h.getDouble(104 + 8 * i);
        double[] quatern = new double[6];
        for (int i = 0; i < 6; i++) quatern[i] = h.getDouble(352 + 8 * i);
        double[][] srow = new double[3][4];
        for (int r = 0; r < 3; r++) for (int c = 0; c < 4; c++) srow[r][c] = h.getDouble(400 + 32 * r + 8 * c);
        return header(h, source, dim, NiftiDatatype.of(h.getShort(12), source), h.getLong(168),
                h.getDouble(176), h.getDouble(184), pixdim, h.getInt(344), h.getInt(348), quatern, srow);
    }

    private static Header header(ByteBuffer h, String source, long[] dim, NiftiDatatype datatype, long voxOffset, double slope,
                                 double inter, double[] pixdim, int qformCode, int sformCode, double[] quatern,
                                 double[][] srow) throws IOException {
        int rank = (int) dim[0];
        if (rank < 1 || rank > 7) throw new IOException(source + ": dim[0] = " + rank + " is not a rank between 1 and 7");
        // Trailing singleton dimensions (e.g. a 3-D image stored with dim[4] = 1) are dropped.
        while (rank > 3 && dim[rank] == 1) rank--;
        int[] shape = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            if (dim[i + 1] < 1) throw new IOException(source + ": dim[" + (i + 1) + "] = " + dim[i + 1] + " must be ≥ 1");
            if (dim[i + 1] > Integer.MAX_VALUE) throw new IOException(source + ": dim[" + (i + 1) + "] = " + dim[i + 1] + " is too large");
            shape[i] = (int) dim[i + 1];
            count *= shape[i];
        }
        if (count > Integer.MAX_VALUE - 8) throw new IOException(source + ": image has " + count + " voxels, more than this reader holds in memory");
        double[][] affine;
        int code;
        if (sformCode > 0) {
            affine = new double[][]{srow[0], srow[1], srow[2], {0, 0, 0, 1}};
            code = sformCode;
        } else if (qformCode > 0) {
            affine = quaternionAffine(quatern, pixdim);
            code = qformCode;
        } else {
            affine = new double[][]{{pixdim[1], 0, 0, 0}, {0, pixdim[2], 0, 0}, {0, 0, pixdim[3], 0}, {0, 0, 0, 1}};
            code = 0;
        }
        boolean scaled = slope != 0 && Double.isFinite(slope) && Double.isFinite(inter) && !(slope == 1 && inter == 0);
        return new Header(h.capacity(), h.order(), shape, datatype, voxOffset, scaled ? slope : 1, scaled ? inter : 0, affine,
                rank >= 4 ? pixdim[4] : 0, code);
    }

    /** The qform affine: rotation from the quaternion (b, c, d), voxel sizes, qfac from pixdim[0]. */
    static double[][] quaternionAffine(double[] quatern, double[] pixdim) {
        double b = quatern[0], c = quatern[1], d = quatern[2];
        double a2 = 1 - (b * b + c * c + d * d);
        double a;
        if (a2 < 1e-7) {
            // Numerically a 180° rotation: renormalise (b, c, d) as the standard does.
            double norm = Math.sqrt(b * b + c * c + d * d);
            b /= norm;
            c /= norm;
            d /= norm;
            a = 0;
        } else {
            a = Math.sqrt(a2);
        }
        double[][] r = {
                {a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)},
                {2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)},
                {2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b}};
        double qfac = pixdim[0] < 0 ? -1 : 1;
        double[] scale = {pixdim[1], pixdim[2], qfac * pixdim[3]};
        double[][] affine = new double[4][4];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) affine[i][j] = r[i][j] * scale[j];
            affine[i][3] = quatern[3 + i];
        }
        affine[3][3] = 1;
        return affine;
    }

    private static float[] readData(DataInputStream in, Header header, String source) throws IOException {
        int count = 1;
        for (int d : header.shape) count *= d;
        float[] out = new float[count];
        readValues(in, header, source, out, 0);
        return out;
    }

    /** Fills {@code target} with the next values of the data; {@code first} is their index, for messages. */
    private static void readValues(DataInputStream in, Header header, String source, float[] target, long first) throws IOException {
        NiftiDatatype type = header.datatype;
        int width = type.bytesPerVoxel();
        byte[] chunk = new byte[Math.min(CHUNK_VALUES, Math.max(1, target.length)) * width];
        ByteBuffer buffer = ByteBuffer.wrap(chunk).order(header.order);
        double slope = header.slope, inter = header.inter;
        boolean scaled = slope != 1 || inter != 0;
        int chunkValues = chunk.length / width;
        for (int start = 0; start < target.length; start += chunkValues) {
            int n = Math.min(chunkValues, target.length - start);
            try {
                in.readFully(chunk, 0, n * width);
            } catch (EOFException e) {
                throw new IOException(source + ": truncated NIfTI data: the file ends near value " + (first + start)
                        + " of " + type + " data shaped " + java.util.Arrays.toString(header.shape));
            }
            buffer.clear();
            for (int i = 0; i < n; i++) {
                double v = switch (type) {
                    case UINT8 -> buffer.get() & 0xff;
                    case INT8 -> buffer.get();
                    case INT16 -> buffer.getShort();
                    case UINT16 -> buffer.getShort() & 0xffff;
                    case INT32 -> buffer.getInt();
                    case UINT32 -> buffer.getInt() & 0xffffffffL;
                    case FLOAT32 -> buffer.getFloat();
                    case FLOAT64 -> buffer.getDouble();
                };
                target[start + i] = (float) (scaled ? v * slope + inter : v);
            }
        }
    }

    /** Receives the volumes of an image one at a time (the array is reused between calls). */
    @FunctionalInterface
    public interface VolumeVisitor {
        void visit(int volume, float[] values) throws IOException;
    }

    /**
     * Streams a (4-D) image volume by volume, holding one volume in memory: for series too large
     * to read whole. Returns the header.
     */
    public static NiftiHeader forEachVolume(Path file, VolumeVisitor visitor) throws IOException {
        try (InputStream raw = Files.newInputStream(file)) {
            DataInputStream in = decompressed(raw);
            String source = file.toString();
            Header header = readHeader(in, source);
            skipToData(in, header, source);
            NiftiHeader result = new NiftiHeader(header.shape, header.affine, header.datatype, header.tr, header.xformCode);
            int perVolume = 1;
            for (int a = 0; a < Math.min(3, header.shape.length); a++) perVolume *= header.shape[a];
            float[] volume = new float[perVolume];
            for (int t = 0; t < result.volumes(); t++) {
                readValues(in, header, source, volume, (long) t * perVolume);
                visitor.visit(t, volume);
            }
            return result;
        }
    }

    /** Values of the given within-volume voxels (x-fastest indices) across volumes: volumes × voxels, streamed. */
    public static float[][] readTimeSeries(Path file, int[] voxelIndices) throws IOException {
        int volumes = readHeader(file).volumes();
        float[][] out = new float[volumes][];
        forEachVolume(file, (t, values) -> {
            float[] row = new float[voxelIndices.length];
            for (int v = 0; v < voxelIndices.length; v++) row[v] = values[voxelIndices[v]];
            out[t] = row;
        });
        return out;
    }

    /** Writes {@code file}, gzip-compressed when its name ends in {@code .gz}. */
    public static void write(NiftiImage image, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            write(image, out, file.getFileName().toString().endsWith(".gz"));
        }
    }

    public static byte[] toBytes(NiftiImage image, boolean gzip) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(image, out, gzip);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static void write(NiftiImage image, OutputStream target, boolean gzip) throws IOException {
        GZIPOutputStream zip = gzip ? new GZIPOutputStream(target, 1 << 16) : null;
        OutputStream out = zip != null ? zip : target;
        out.write(nifti1Header(image));
        writeData(image, out);
        if (zip != null) zip.finish();
        out.flush();
    }

    private static byte[] nifti1Header(NiftiImage image) {
        ByteBuffer h = ByteBuffer.allocate(NIFTI1_DATA_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
        int[] shape = image.shape();
        if (shape.length > 7) throw new IllegalArgumentException("NIfTI-1 holds at most 7 dimensions");
        for (int d : shape) {
            if (d > Short.MAX_VALUE) throw new IllegalArgumentException("dimension " + d + " exceeds NIfTI-1's 32767; NIfTI-2 writing is not supported");
        }
        NiftiDatatype type = image.datatype();
        double[][] affine = image.affine();
        double[] sizes = image.voxelSizes();
        h.putInt(0, NIFTI1_HEADER);
        h.put(38, (byte) 'r');
        h.putShort(40, (short) shape.length);
        for (int i = 0; i < 7; i++) h.putShort(42 + 2 * i, (short) (i < shape.length ? shape[i] : 1));
        h.putShort(70, (short) type.code());
        h.putShort(72, (short) type.bitpix());
        Quaternion q = Quaternion.of(affine, sizes);
        h.putFloat(76, (float) (q == null ? 1 : q.qfac));
        for (int i = 0; i < 3; i++) h.putFloat(80 + 4 * i, (float) sizes[i]);
        for (int i = 3; i < 7; i++) h.putFloat(80 + 4 * i, i == 3 && image.tr() > 0 ? (float) image.tr() : 1f);
        h.putFloat(108, NIFTI1_DATA_OFFSET);
        h.putFloat(112, 1f);
        h.putFloat(116, 0f);
        h.put(123, (byte) UNITS_MM_SEC);
        byte[] descrip = "encoding-farm".getBytes(StandardCharsets.US_ASCII);
        h.put(148, descrip);
        int code = Math.max(1, image.xformCode());
        h.putShort(252, (short) (q == null ? 0 : code));
        h.putShort(254, (short) code);
        if (q != null) {
            h.putFloat(256, (float) q.b).putFloat(260, (float) q.c).putFloat(264, (float) q.d);
        }
        for (int i = 0; i < 3; i++) h.putFloat(268 + 4 * i, (float) affine[i][3]);
        for (int r = 0; r < 3; r++) for (int c = 0; c < 4; c++) h.putFloat(280 + 16 * r + 4 * c, (float) affine[r][c]);
        h.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1').put(347, (byte) 0);
        return h.array();
    }

    private static void writeData(NiftiImage image, OutputStream out) throws IOException {
        float[] data = image.data();
        NiftiDatatype type = image.datatype();
        int width = type.bytesPerVoxel();
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK_VALUES * width).order(ByteOrder.LITTLE_ENDIAN);
        for (int start = 0; start < data.length; start += CHUNK_VALUES) {
            int n = Math.min(CHUNK_VALUES, data.length - start);
            buffer.clear();
            for (int i = start; i < start + n; i++) {
                float v = data[i];
                switch (type) {
                    case UINT8, INT8 -> buffer.put((byte) Math.round(v));
                    case INT16, UINT16 -> buffer.putShort((short) Math.round(v));
                    case INT32, UINT32 -> buffer.putInt((int) Math.round((double) v));
                    case FLOAT32 -> buffer.putFloat(v);
                    case FLOAT64 -> buffer.putDouble(v);
                }
            }
            out.write(buffer.array(), 0, n * width);
        }
    }

    /** The qform quaternion of an affine whose 3×3 part is a rotation (possibly with a flip) times scaling. */
    private record Quaternion(double b, double c, double d, double qfac) {
        static Quaternion of(double[][] affine, double[] sizes) {
            double[][] r = new double[3][3];
            for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) r[i][j] = affine[i][j] / sizes[j];
            for (int j = 0; j < 3; j++) {
                for (int k = j + 1; k < 3; k++) {
                    double dot = r[0][j] * r[0][k] + r[1][j] * r[1][k] + r[2][j] * r[2][k];
                    if (Math.abs(dot) > 1e-6) return null;
                }
            }
            double det = r[0][0] * (r[1][1] * r[2][2] - r[1][2] * r[2][1])
                    - r[0][1] * (r[1][0] * r[2][2] - r[1][2] * r[2][0])
                    + r[0][2] * (r[1][0] * r[2][1] - r[1][1] * r[2][0]);
            double qfac = 1;
            if (det < 0) {
                qfac = -1;
                for (int i = 0; i < 3; i++) r[i][2] = -r[i][2];
            }
            double a = r[0][0] + r[1][1] + r[2][2] + 1;
            double b, c, d;
            if (a > 0.5) {
                a = 0.5 * Math.sqrt(a);
                b = 0.25 * (r[2][1] - r[1][2]) / a;
                c = 0.25 * (r[0][2] - r[2][0]) / a;
                d = 0.25 * (r[1][0] - r[0][1]) / a;
            } else {
                double xd = 1 + r[0][0] - (r[1][1] + r[2][2]);
                double yd = 1 + r[1][1] - (r[0][0] + r[2][2]);
                double zd = 1 + r[2][2] - (r[0][0] + r[1][1]);
                if (xd > 1) {
                    b = 0.5 * Math.sqrt(xd);
                    c = 0.25 * (r[0][1] + r[1][0]) / b;
                    d = 0.25 * (r[0][2] + r[2][0]) / b;
                    a = 0.25 * (r[2][1] - r[1][2]) / b;
                } else if (yd > 1) {
                    c = 0.5 * Math.sqrt(yd);
                    b = 0.25 * (r[0][1] + r[1][0]) / c;
                    d = 0.25 * (r[1][2] + r[2][1]) / c;
                    a = 0.25 * (r[0][2] - r[2][0]) / c;
                } else {
                    d = 0.5 * Math.sqrt(zd);
                    b = 0.25 * (r[0][2] + r[2][0]) / d;
                    c = 0.25 * (r[1][2] + r[2][1]) / d;
                    a = 0.25 * (r[1][0] - r[0][1]) / d;
                }
                if (a < 0) {
                    b = -b;
                    c = -c;
                    d = -d;
                }
            }
            return new Quaternion(b, c, d, qfac);
        }
    }

    private static void readFully(DataInputStream in, byte[] target, String source, String what) throws IOException {
        readFully(in, target, 0, target.length, source, what);
    }

    private static void readFully(DataInputStream in, byte[] target, int offset, int length, String source, String what) throws IOException {
        try {
            in.readFully(target, offset, length);
        } catch (EOFException e) {
            throw new IOException(source + ": file too short for a NIfTI " + what);
        }
    }
}
