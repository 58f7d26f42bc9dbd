package io.encodingfarm.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Files written by nibabel 5.0 (the generating script's expressions are repeated in each test). */
class NiftiNibabelFixturesTest {
    private static NiftiImage fixture(String name) throws IOException {
        try (InputStream in = NiftiNibabelFixturesTest.class.getResourceAsStream("/fixtures/" + name)) {
            return Nifti.read(in, name);
        }
    }

    /** int16 with slope 0.5 / inter 1.25 on a 30°-rotated, z-flipped affine (qform and sform code 1). */
    @Test
    void int16ScaledRotated() throws IOException {
        NiftiImage image = fixture("nibabel-int16-scaled-rotated.nii.gz");
        assertEquals(NiftiDatatype.INT16, image.datatype());
        assertArrayEquals(new int[]{4, 3, 2}, image.shape());
        for (int i = 0; i < 4; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 2; k++) {
            assertEquals(((i * 6 + j * 2 + k) * 7 - 50) * 0.5 + 1.25, image.value(i, j, k, 0), 1e-6);
        }
        double[][] expected = {{1.7320508075688774, -1.25, 0, 10}, {1, 2.165063509461097, 0, -20}, {0, 0, -3, 30}, {0, 0, 0, 1}};
        for (int r = 0; r < 4; r++) assertArrayEquals(expected[r], image.affine()[r], 1e-6);
        // The quaternion path must agree with the sform nibabel wrote.
        byte[] withoutSform = Nifti.toBytes(image, false);
        java.nio.ByteBuffer.wrap(withoutSform).order(java.nio.ByteOrder.LITTLE_ENDIAN).putShort(254, (short) 0);
        for (int r = 0; r < 4; r++) assertArrayEquals(expected[r], Nifti.read(withoutSform).affine()[r], 1e-5);
    }

    @Test
    void nifti2Float64FourD() throws IOException {
        NiftiImage image = fixture("nibabel-nifti2-float64-4d.nii");
        assertArrayEquals(new int[]{2, 3, 2, 5}, image.shape());
        assertEquals(NiftiDatatype.FLOAT64, image.datatype());
        assertEquals(2.0, image.tr());
        assertEquals(NiftiImage.XFORM_MNI_152, image.xformCode());
        assertArrayEquals(new double[]{-4, 0, 0, 40}, image.affine()[0], 0);
        for (int t = 0; t < 5; t++) assertEquals((1 * 30 + 2 * 10 + 1 * 5 + t) / 4.0, image.value(1, 2, 1, t), 0);
    }

    @Test
    void uint8BigEndian() throws IOException {
        NiftiImage image = fixture("nibabel-uint8-bigendian.nii");
        assertEquals(NiftiDatatype.UINT8, image.datatype());
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 3; k++) {
            assertEquals((i * 9 + j * 3 + k) % 2, image.value(i, j, k, 0));
        }
        assertArrayEquals(new double[]{0, 3, 0, 0}, image.affine()[1], 0);
    }
}
