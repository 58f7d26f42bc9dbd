package io.encodingfarm.formats;

import java.io.IOException;

/** NIfTI {@code datatype} codes this project reads (all) and writes. */
public enum NiftiDatatype {
    UINT8(2, 1),
    INT16(4, 2),
    INT32(8, 4),
    FLOAT32(16, 4),
    FLOAT64(64, 8),
    INT8(256, 1),
    UINT16(512, 2),
    UINT32(768, 4);

    private final int code;
    private final int bytes;

    NiftiDatatype(int code, int bytes) {
        this.code = code;
        this.bytes = bytes;
    }

    public int code() {
        return code;
    }

    public int bytesPerVoxel() {
        return bytes;
    }

    public int bitpix() {
        return bytes * 8;
    }

    static NiftiDatatype of(int code, String source) throws IOException {
        for (NiftiDatatype t : values()) {
            if (t.code == code) return t;
        }
        throw new IOException(source + ": unsupported NIfTI datatype code " + code
                + " (supported: uint8 2, int16 4, int32 8, float32 16, float64 64, int8 256, uint16 512, uint32 768)");
    }
}
