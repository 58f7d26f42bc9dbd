package io.encodingfarm.models.lm;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.nio.file.Path;
import java.util.Locale;

/**
 * DJL's process-wide settings. DJL caches its native libraries (445 MB for libtorch) under a directory
 * it reads from system properties on first use; pointing it somewhere explicit keeps it out of the
 * working directory, and {@code ai.djl.offline} makes a missing native library fail at once instead of
 * trying a download this network cannot do. Values already set by the caller are respected.
 */
public final class DjlRuntime {
    public static final String ENGINE = "PyTorch";

    private DjlRuntime() {
    }

    public static synchronized void configure() {
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "encoding-farm", "djl");
        setIfAbsent("DJL_CACHE_DIR", cache.toString());
        setIfAbsent("ENGINE_CACHE_DIR", cache.resolve("engines").toString());
        setIfAbsent("ai.djl.offline", "true");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null && System.getenv(key) == null) System.setProperty(key, value);
    }

    /** "cpu" (default), "gpu" (fails if PyTorch sees none) or "auto" (the first GPU when there is one). */
    public static Device device(String choice) {
        configure();
        String c = choice == null ? "cpu" : choice.toLowerCase(Locale.ROOT);
        return switch (c) {
            case "cpu" -> Device.cpu();
            case "gpu", "auto" -> {
                int gpus = Engine.getEngine(ENGINE).getGpuCount();
                if (gpus > 0) yield Device.gpu();
                if (c.equals("auto")) yield Device.cpu();
                throw new IllegalStateException("device = gpu, but the " + ENGINE + " engine sees no GPU: this build bundles the"
                        + " CPU libtorch; use device = cpu or auto, or provide a CUDA libtorch");
            }
            default -> throw new IllegalArgumentException("device = \"" + choice + "\" is not one of: cpu, gpu, auto");
        };
    }
}
