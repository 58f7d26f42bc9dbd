package io.encodingfarm.models.checkpoint;

import java.util.Set;

/** Named float tensors, read on demand: a checkpoint on disk, or freshly initialized random weights. */
public interface WeightSource {
    Set<String> names();

    long[] shape(String name);

    Tensor read(String name);

    default boolean contains(String name) {
        return names().contains(name);
    }
}
