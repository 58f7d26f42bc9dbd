package io.encodingfarm.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NiftiTest {
    private static final double[][] MNI_4MM = {{4, 0, 0, -40}, {0, 4, 0, -60}, {0, 0, 4, -30}, {0, 0, 0, 1}};
    private static final double[][] FLIPPED_X = {{-3, 0, 0, 90}, {0, 3, 0, -126}, {0, 0, 3, -72}, {0, 0, 0, 1}};

    @Test
    void maskRoundTripsThroughGzipWithItsAffine(@TempDir Path dir) throws IOException {
        int[] shape = {5, 4, 3};
        boolean[] inside = new boolean[60];
        for (int i = 0; i < inside.length; i += 3) inside[i] = true;
        Path file = dir.resolve("mask.nii.gz");
        Nifti.write(NiftiImage.mask(shape, MNI_4MM, inside), file);
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(0x1f, bytes[0] & 0xff, "gzip-compressed because the name ends in .gz");
        NiftiImage back = Nifti.read(file);
        assertArrayEquals(shape, back.shape());
        assertEquals(NiftiDatatype.UINT8, back.datatype());
        assertEquals(NiftiImage.XFORM_MNI_152, back.xformCode());
        for (int r = 0; r < 4; r++) assertArrayEquals(MNI_4MM[r], back.affine()[r], 0);
        for (int i = 0; i < inside.length; i++) assertEquals(inside[i] ? 1f : 0f, back.data()[i]);
    }

    @Test
    void float4dRoundTripsAndKeepsTheTr(@TempDir Path dir) throws IOException {
        int[] shape = {3, 2, 2, 4};
        float[] data = new float[48];
        for (int i = 0; i < data.length; i++) data[i] = (float) Math.sin(i) * 100;
        Path file = dir.resolve("bold.nii");
        Nifti.write(NiftiImage.floats(shape, FLIPPED_X, data, 2.0), file);
        assertEquals(352 + 48 * 4, Files.size(file));
        NiftiImage back = Nifti.read(file);
        assertArrayEquals(data, back.data());
        assertEquals(2.0, back.tr());
        assertEquals(4, back.volumes());
        float[][] streamed = Nifti.readTimeSeries(file, new int[]{5, 11});
        assertArrayEquals(back.timeSeries(new int[]{5, 11})[3], streamed[3]);
        assertEquals(4, streamed.length);
        NiftiHeader header = Nifti.readHeader(file);
        assertArrayEquals(shape, header.shape());
        assertEquals(4, header.volumes());
        assertArrayEquals(FLIPPED_X[0], header.affine()[0], 0);
        assertEquals(data[1 + 3 * (1 + 2 * 1) + 12 * 2], back.value(1, 1, 1, 2));
        assertArrayEquals(new float[]{data[5], data[5 + 12], data[5 + 24], data[5 + 36]},
                new float[]{back.timeSeries(new int[]{5})[0][0], back.timeSeries(new int[]{5})[1][0],
                        back.timeSeries(new int[]{5})[2][0], back.timeSeries(new int[]{5})[3][0]});
    }

    @Test
    void qformAloneReproducesTheAffineIncludingAFlip() throws IOException {
        byte[] bytes = Nifti.toBytes(NiftiImage.floats(new int[]{2, 2, 2}, FLIPPED_X, new float[8], 0), false);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putShort(254, (short) 0);
        double[][] affine = Nifti.read(bytes).affine();
        for (int r = 0; r < 4; r++) assertArrayEquals(FLIPPED_X[r], affine[r], 1e-5);
    }

    @Test
    void rotatedQformMatchesTheStandardFormula() {
        // 90° about z: b = c = 0, d = sin(45°).
        double s = Math.sqrt(0.5);
        double[][] affine = Nifti.quaternionAffine(new double[]{0, 0, s, 1, 2, 3}, new double[]{1, 2, 2, 2});
        assertArrayEquals(new double[]{0, -2, 0, 1}, affine[0], 1e-12);
        assertArrayEquals(new double[]{2, 0, 0, 2}, affine[1], 1e-12);
        assertArrayEquals(new double[]{0, 0, 2, 3}, affine[2], 1e-12);
    }

    /** A hand-assembled big-endian int16 NIfTI-1 with scaling, qform only: what many scanners export. */
    @Test
    void readsHandMadeBigEndianInt16WithScaling() throws IOException {
        ByteBuffer h = ByteBuffer.allocate(352 + 8 * 2).order(ByteOrder.BIG_ENDIAN);
        h.putInt(0, 348);
        short[] dim = {3, 2, 2, 2, 1, 1, 1, 1};
        for (int i = 0; i < 8; i++) h.putShort(40 + 2 * i, dim[i]);
        h.putShort(70, (short) 4).putShort(72, (short) 16);
        float[] pixdim = {-1, 2, 2.5f, 3, 0, 0, 0, 0};
        for (int i = 0; i < 8; i++) h.putFloat(76 + 4 * i, pixdim[i]);
        h.putFloat(108, 352).putFloat(112, 0.5f).putFloat(116, -1f);
        h.putShort(252, (short) 1).putShort(254, (short) 0);
        h.putFloat(268, 10).putFloat(272, 20).putFloat(276, 30);
        h.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1');
        for (int i = 0; i < 8; i++) h.putShort(352 + 2 * i, (short) (i * 100 - 300));
        NiftiImage image = Nifti.read(h.array());
        assertEquals(NiftiDatatype.INT16, image.datatype());
        assertArrayEquals(new int[]{2, 2, 2}, image.shape());
        assertArrayEquals(new float[]{-151, -101, -51, -1, 49, 99, 149, 199}, image.data());
        assertArrayEquals(new double[]{2, 0, 0, 10}, image.affine()[0], 1e-12);
        assertArrayEquals(new double[]{0, 2.5, 0, 20}, image.affine()[1], 1e-12);
        assertArrayEquals(new double[]{0, 0, -3, 30}, image.affine()[2], 1e-12, "qfac −1 flips the third axis");
    }

    /** A hand-assembled little-endian NIfTI-2 float64 4-D image where sform wins over qform. */
    @Test
    void readsHandMadeNifti2Float64() throws IOException {
        ByteBuffer h = ByteBuffer.allocate(544 + 2 * 2 * 1 * 3 * 8).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0, 540);
        h.put(4, (byte) 'n').put(5, (byte) '+').put(6, (byte) '2').put(8, (byte) '\r').put(9, (byte) '\n').put(10, (byte) 0x1a).put(11, (byte) '\n');
        h.putShort(12, (short) 64).putShort(14, (short) 64);
        long[] dim = {4, 2, 2, 1, 3, 1, 1, 1};
        for (int i = 0; i < 8; i++) h.putLong(16 + 8 * i, dim[i]);
        double[] pixdim = {1, 9, 9, 9, 1.5, 0, 0, 0};
        for (int i = 0; i < 8; i++) h.putDouble(104 + 8 * i, pixdim[i]);
        h.putLong(168, 544);
        h.putInt(344, 1).putInt(348, 4);
        double[][] srow = {{2, 0, 0, -2}, {0, 2, 0, -2}, {0, 0, 2, 0}};
        for (int r = 0; r < 3; r++) for (int c = 0; c < 4; c++) h.putDouble(400 + 32 * r + 8 * c, srow[r][c]);
        for (int i = 0; i < 12; i++) h.putDouble(544 + 8 * i, i * 0.25);
        NiftiImage image = Nifti.read(h.array());
        assertArrayEquals(new int[]{2, 2, 1, 3}, image.shape());
        assertEquals(1.5, image.tr());
        assertEquals(4, image.xformCode());
        assertArrayEquals(srow[0], image.affine()[0], 0);
        assertEquals(2.75f, image.value(1, 1, 0, 2));
    }

    @Test
    void truncatedDataIsNamed(@TempDir Path dir) throws IOException {
        byte[] bytes = Nifti.toBytes(NiftiImage.floats(new int[]{4, 4, 4, 3}, MNI_4MM, new float[192], 2), false);
        Path file = dir.resolve("cut.nii");
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        IOException e = assertThrows(IOException.class, () -> Nifti.forEachVolume(file, (t, v) -> { }));
        assertEquals(file + ": truncated NIfTI data: the file ends near value 128 of FLOAT32 data shaped [4, 4, 4, 3]", e.getMessage());
    }

    @Test
    void refusesNonNiftiWithAClearMessage() {
        IOException e = assertThrows(IOException.class, () -> Nifti.read(new byte[400]));
        assertTrue(e.getMessage().contains("not a NIfTI file (sizeof_hdr is 0"), e.getMessage());
    }
}
