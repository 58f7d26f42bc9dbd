package io.encodingfarm.models.checkpoint;

import io.encodingfarm.models.StableSeeds;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Randomly initialized weights with given names and shapes, reproducible from one seed: every tensor
 * draws from its own stream derived from (seed, name), so adding or reordering tensors changes nothing
 * else. Matrices are N(0, std²); biases N(0, biasStd²); one-dimensional {@code *.weight} tensors (the
 * normalization scales of every supported family) are {@code normCenter} + N(0, normStd²).
 */
public final class RandomWeights implements WeightSource {
    private final Map<String, long[]> shapes;
    private final long seed;
    private final double std;
    private final double biasStd;
    private final double normCenter;
    private final double normStd;

    public RandomWeights(Map<String, long[]> shapes, long seed, double std, double biasStd, double normCenter, double normStd) {
        this.shapes = Collections.unmodifiableMap(new LinkedHashMap<>(shapes));
        this.seed = seed;
        this.std = std;
        this.biasStd = biasStd;
        this.normCenter = normCenter;
        this.normStd = normStd;
    }

    /** Hugging Face's own initialization: N(0, initializer_range²), zero biases, unit (or zero) norm scales. */
    public static RandomWeights untrained(WeightSource like, long seed, double initializerRange, double normCenter) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (String name : like.names()) shapes.put(name, like.shape(name));
        return new RandomWeights(shapes, seed, initializerRange, 0, normCenter, 0);
    }

    @Override
    public Set<String> names() {
        return shapes.keySet();
    }

    @Override
    public long[] shape(String name) {
        long[] shape = shapes.get(name);
        if (shape == null) throw new IllegalArgumentException("no tensor '" + name + "' among the random weights");
        return shape.clone();
    }

    @Override
    public Tensor read(String name) {
        long[] shape = shape(name);
        long n = 1;
        for (long d : shape) n *= d;
        float[] values = new float[Math.toIntExact(n)];
        SplittableRandom random = new SplittableRandom(StableSeeds.of(seed, name));
        boolean bias = name.endsWith("bias");
        boolean normScale = !bias && shape.length == 1;
        double center = normScale ? normCenter : 0;
        double spread = bias ? biasStd : normScale ? normStd : std;
        for (int i = 0; i < values.length; i++) values[i] = (float) (center + spread * random.nextGaussian());
        return new Tensor(shape, values);
    }
}
