package io.encodingfarm.schema;

/**
 * Every record carries {@code schema_version}. Additive changes keep the version (readers ignore
 * unknown keys); a change that alters the meaning of a key bumps it, and readers refuse versions
 * newer than they understand instead of misreading them.
 */
public final class SchemaVersion {
    public static final int CURRENT = 1;

    private SchemaVersion() {
    }

    public static void requireSupported(int version, String recordName) {
        if (version < 1 || version > CURRENT) {
            throw new IllegalArgumentException(recordName + " has schema_version " + version + ", this service reads 1.."
                    + CURRENT + ": upgrade the service");
        }
    }
}
