package io.encodingfarm.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Content addressing: an id is a prefix naming the kind of work plus the SHA-256 of the canonical
 * JSON of everything that determines the work's result. Equal work always gets the equal id, so a
 * redelivered or resubmitted task finds its own finished artifact instead of redoing it.
 */
public final class ContentId {
    /** 24 hex digits = 96 bits: collisions are out of reach for any plausible number of tasks. */
    private static final int HEX_DIGITS = 24;

    private ContentId() {
    }

    public static String of(String kind, Object canonicalContent) {
        byte[] json = Json.toBytes(canonicalContent);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(kind.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            byte[] digest = sha.digest(json);
            return kind + "-" + HexFormat.of().formatHex(digest).substring(0, HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
