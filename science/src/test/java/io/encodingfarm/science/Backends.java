package io.encodingfarm.science;

import java.util.ArrayList;
import java.util.List;

/** Every backend usable on this machine, for parameterized tests. */
final class Backends {
    private Backends() {
    }

    static List<LinearAlgebra> all() {
        List<LinearAlgebra> out = new ArrayList<>();
        out.add(JavaLinearAlgebra.INSTANCE);
        OpenBlasLinearAlgebra.load().ifPresent(out::add);
        return out;
    }
}
