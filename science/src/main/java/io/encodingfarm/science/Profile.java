package io.encodingfarm.science;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/** Wall time spent in each phase of the ridge solvers, process-wide, for the benchmark's breakdown. */
final class Profile {
    enum Phase { CROSS_PRODUCTS, EIGEN, PROJECTIONS, PREDICTIONS, SCORING }

    private static final Map<Phase, LongAdder> NANOS = new EnumMap<>(Phase.class);

    static {
        for (Phase p : Phase.values()) {
            NANOS.put(p, new LongAdder());
        }
    }

    private Profile() {
    }

    static <T> T time(Phase phase, Supplier<T> work) {
        long t0 = System.nanoTime();
        try {
            return work.get();
        } finally {
            NANOS.get(phase).add(System.nanoTime() - t0);
        }
    }

    static void time(Phase phase, Runnable work) {
        long t0 = System.nanoTime();
        try {
            work.run();
        } finally {
            NANOS.get(phase).add(System.nanoTime() - t0);
        }
    }

    static Map<Phase, Double> secondsAndReset() {
        Map<Phase, Double> out = new EnumMap<>(Phase.class);
        for (Phase p : Phase.values()) {
            out.put(p, NANOS.get(p).sumThenReset() / 1e9);
        }
        return out;
    }
}
