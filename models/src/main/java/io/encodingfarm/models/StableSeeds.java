package io.encodingfarm.models;

import java.nio.charset.StandardCharsets;

/** Seeds derived from strings the same way on every JVM (String.hashCode is too collision-prone). */
public final class StableSeeds {
    private StableSeeds() {
    }

    public static long of(long seed, String key) {
        long h = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return mix(seed * 0x9E3779B97F4A7C15L + h);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
