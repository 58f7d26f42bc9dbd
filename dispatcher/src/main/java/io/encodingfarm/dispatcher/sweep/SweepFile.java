package io.encodingfarm.dispatcher.sweep;

import io.encodingfarm.schema.FitSettings;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads sweep files (YAML). Parsing walks the YAML node tree rather than binding to classes so that
 * every error can name the key and its line; unknown keys are errors, never silently ignored.
 *
 * <pre>
 * sweep: demo                       # name: letters, digits, . _ -
 * dataset: synth-demo               # a dataset in the store
 * subjects: [sub-01, average]       # or "all" (default)
 * features:
 *   - name: planted                 # label in reports
 *     baseline: random-embeddings   # random-vectors | random-embeddings | glove
 *     dim: 16
 *     seeds: [1, 2]                 # or seed: 1; several seeds expand to name-seed1, name-seed2
 *   - name: whisper-tiny
 *     speech_model: whisper-tiny    # a Whisper checkpoint in the store: causal 16.1 s windows of datasets' audio/<run>.wav
 *   - name: gpt2-tiny
 *     model: tiny-gpt2-small        # store name under models/ or a local checkpoint directory
 *     alignment: mean-tokens        # mean-tokens (seed B, default) | last-token (seed A)
 *     revision: step1000            # optional sub-directory, e.g. a training checkpoint
 *     untrained_seed: 3             # optional: same architecture, random weights from this seed
 *     layers: all                   # or a list of layer indices (0 = embeddings)
 * fit:
 *   method: loro                    # nested leave-one-run-out (seed B); or bootstrap (seed A)
 *   hrf: glover                     # glover | spm (loro)
 *   oversampling: 50                # (loro)
 *   trim: 10
 *   alphas: {logspace: [2, 7, 16]}  # or an explicit list
 *   # bootstrap only (defaults are seed A's): nboots 50, chunklen 40, nchunks 125, seed 0,
 *   # alpha_mode per-voxel | single, alpha_squared false, score corr | signed-sqrt-r2,
 *   # delays [1, 2, 3, 4], lanczos_window 3
 * </pre>
 */
public final class SweepFile {
    private static final Set<String> TOP_KEYS = Set.of("sweep", "dataset", "subjects", "features", "fit");
    private static final Set<String> FEATURE_KEYS = Set.of("name", "baseline", "model", "speech_model", "dim", "seed", "seeds", "path",
            "alignment", "untrained_seed", "layers", "revision");
    private static final Set<String> BASELINES = Set.of("random-vectors", "random-embeddings", "glove");
    private static final List<String> ALIGNMENTS = List.of("mean-tokens", "last-token");
    private static final Set<String> FIT_KEYS = Set.of("method", "hrf", "oversampling", "trim", "alphas", "nboots",
            "chunklen", "nchunks", "seed", "alpha_mode", "alpha_squared", "score", "delays", "lanczos_window");
    private static final Set<String> BOOTSTRAP_ONLY = Set.of("nboots", "chunklen", "nchunks", "seed", "alpha_mode",
            "alpha_squared", "score", "delays", "lanczos_window");

    private final String source;

    private SweepFile(String source) {
        this.source = source;
    }

    public static SweepSpec read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new SweepFileException(file.toString(), 0, "cannot read the sweep file: " + e.getMessage());
        }
    }

    public static SweepSpec parse(String text, String source) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setCodePointLimit(1 << 20);
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            throw new SweepFileException(source, e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1,
                    "not valid YAML: " + e.getProblem());
        } catch (RuntimeException e) {
            throw new SweepFileException(source, 0, "not valid YAML: " + e.getMessage());
        }
        if (root == null) throw new SweepFileException(source, 0, "the sweep file is empty");
        return new SweepFile(source).sweep(root, text);
    }

    private SweepSpec sweep(Node root, String text) {
        Map<String, Node> top = mapping(root, "the sweep file", TOP_KEYS);
        String name = name(required(top, "sweep", root), "sweep");
        String dataset = name(required(top, "dataset", root), "dataset");
        List<String> subjects = new ArrayList<>();
        Node subjectsNode = top.get("subjects");
        if (subjectsNode != null && !(subjectsNode instanceof ScalarNode s && s.getValue().equals("all"))) {
            for (Node n : sequence(subjectsNode, "subjects")) subjects.add(name(n, "subjects"));
        }
        List<SweepSpec.FeatureSet> sets = new ArrayList<>();
        for (Node entry : sequence(required(top, "features", root), "features")) sets.addAll(featureSets(entry));
        if (sets.isEmpty()) throw error(top.get("features"), "'features' lists no feature set");
        Set<String> labels = new LinkedHashSet<>();
        for (SweepSpec.FeatureSet set : sets) {
            if (!labels.add(set.label())) {
                throw new SweepFileException(source, set.line(), "feature set name '" + set.label() + "' is used twice");
            }
        }
        FitSettings fit = top.containsKey("fit") ? fit(top.get("fit")) : FitSettings.seedB();
        return new SweepSpec(name, dataset, subjects, sets, fit, text);
    }

    private List<SweepSpec.FeatureSet> featureSets(Node node) {
        Map<String, Node> keys = mapping(node, "a feature set", FEATURE_KEYS);
        boolean isBaseline = keys.containsKey("baseline");
        long sources = List.of("baseline", "model", "speech_model").stream().filter(keys::containsKey).count();
        if (sources != 1) {
            throw error(node, "a feature set names exactly one of 'baseline', 'model' or 'speech_model'");
        }
        Map<String, Object> extractor = new TreeMap<>();
        String sourceKey = isBaseline ? "baseline" : keys.containsKey("model") ? "model" : "speech_model";
        if (sourceKey.equals("speech_model")) {
            for (String key : List.of("alignment", "untrained_seed", "revision", "dim", "seed", "seeds", "path")) {
                if (keys.containsKey(key)) throw error(keys.get(key), "'" + key + "' does not apply to a speech_model");
            }
            extractor.put("speech_model", name(keys.get("speech_model"), "speech_model"));
        } else if (isBaseline) {
            String kind = scalar(keys.get("baseline"), "baseline");
            if (!BASELINES.contains(kind)) throw error(keys.get("baseline"), "unknown baseline '" + kind + "' (allowed: " + new java.util.TreeSet<>(BASELINES) + ")");
            extractor.put("baseline", kind);
            if (kind.equals("glove")) {
                extractor.put("path", scalar(required(keys, "path", node), "path"));
            } else {
                extractor.put("dim", positiveInt(required(keys, "dim", node), "dim"));
            }
        } else {
            extractor.put("model", scalar(keys.get("model"), "model"));
            if (keys.containsKey("alignment")) {
                String alignment = scalar(keys.get("alignment"), "alignment");
                if (!ALIGNMENTS.contains(alignment)) {
                    throw error(keys.get("alignment"), "unknown alignment '" + alignment + "' (allowed: " + ALIGNMENTS + ")");
                }
                extractor.put("alignment", alignment);
            }
            if (keys.containsKey("revision")) extractor.put("revision", name(keys.get("revision"), "revision"));
            if (keys.containsKey("untrained_seed")) extractor.put("untrained_seed", integer(keys.get("untrained_seed"), "untrained_seed"));
        }
        String label = keys.containsKey("name") ? name(keys.get("name"), "name")
                : extractor.get(sourceKey).toString().replaceAll("[^A-Za-z0-9._-]", "_");
        List<Integer> layers = new ArrayList<>();
        Node layersNode = keys.get("layers");
        if (layersNode != null && !(layersNode instanceof ScalarNode s && s.getValue().equals("all"))) {
            for (Node n : sequence(layersNode, "layers")) layers.add(nonNegativeInt(n, "layers"));
        }
        int line = node.getStartMark().getLine() + 1;
        if (keys.containsKey("seed") && keys.containsKey("seeds")) throw error(node, "give 'seed' or 'seeds', not both");
        List<SweepSpec.FeatureSet> out = new ArrayList<>();
        if (keys.containsKey("seeds")) {
            for (Node seedNode : sequence(keys.get("seeds"), "seeds")) {
                Map<String, Object> seeded = new TreeMap<>(extractor);
                long seed = integer(seedNode, "seeds");
                seeded.put("seed", seed);
                out.add(new SweepSpec.FeatureSet(label + "-seed" + seed, seeded, layers, line));
            }
        } else {
            if (keys.containsKey("seed")) extractor.put("seed", integer(keys.get("seed"), "seed"));
            else if (isBaseline && !extractor.get("baseline").equals("glove")) extractor.put("seed", 1L);
            out.add(new SweepSpec.FeatureSet(label, extractor, layers, line));
        }
        return out;
    }

    private FitSettings fit(Node node) {
        Map<String, Node> keys = mapping(node, "'fit'", FIT_KEYS);
        String method = keys.containsKey("method") ? scalar(keys.get("method"), "method") : "loro";
        if (!method.equals("loro") && !method.equals("bootstrap")) {
            throw error(keys.get("method"), "unknown fit method '" + method + "' (allowed: [bootstrap, loro])");
        }
        FitSettings defaults = method.equals("loro") ? FitSettings.seedB() : FitSettings.seedA();
        String hrf = keys.containsKey("hrf") ? scalar(keys.get("hrf"), "hrf") : defaults.hrf();
        if (!hrf.equals("glover") && !hrf.equals("spm")) throw error(keys.get("hrf"), "unknown hrf '" + hrf + "' (allowed: [glover, spm])");
        int oversampling = keys.containsKey("oversampling") ? positiveInt(keys.get("oversampling"), "oversampling") : defaults.oversampling();
        int trim = keys.containsKey("trim") ? nonNegativeInt(keys.get("trim"), "trim") : defaults.trim();
        List<Double> alphas = keys.containsKey("alphas") ? alphas(keys.get("alphas")) : defaults.alphas();
        if (method.equals("loro")) {
            for (String key : keys.keySet()) {
                if (BOOTSTRAP_ONLY.contains(key)) throw error(keys.get(key), "'" + key + "' applies to method: bootstrap only");
            }
            return new FitSettings(method, hrf, oversampling, trim, alphas);
        }
        FitSettings.Bootstrap d = defaults.bootstrap();
        String alphaMode = keys.containsKey("alpha_mode") ? scalar(keys.get("alpha_mode"), "alpha_mode") : d.alphaMode();
        if (!alphaMode.equals("per-voxel") && !alphaMode.equals("single")) {
            throw error(keys.get("alpha_mode"), "unknown alpha_mode '" + alphaMode + "' (allowed: [per-voxel, single])");
        }
        String score = keys.containsKey("score") ? scalar(keys.get("score"), "score") : d.score();
        if (!score.equals("corr") && !score.equals("signed-sqrt-r2")) {
            throw error(keys.get("score"), "unknown score '" + score + "' (allowed: [corr, signed-sqrt-r2])");
        }
        boolean squared = keys.containsKey("alpha_squared") ? bool(keys.get("alpha_squared"), "alpha_squared") : d.alphaSquared();
        List<Integer> delays = new ArrayList<>();
        if (keys.containsKey("delays")) {
            for (Node n : sequence(keys.get("delays"), "delays")) delays.add(nonNegativeInt(n, "delays"));
        } else {
            delays.addAll(d.delays());
        }
        return new FitSettings(method, hrf, oversampling, trim, alphas, new FitSettings.Bootstrap(
                keys.containsKey("nboots") ? positiveInt(keys.get("nboots"), "nboots") : d.nboots(),
                keys.containsKey("chunklen") ? positiveInt(keys.get("chunklen"), "chunklen") : d.chunklen(),
                keys.containsKey("nchunks") ? positiveInt(keys.get("nchunks"), "nchunks") : d.nchunks(),
                keys.containsKey("seed") ? integer(keys.get("seed"), "seed") : d.seed(),
                alphaMode, squared, score, delays,
                keys.containsKey("lanczos_window") ? positiveInt(keys.get("lanczos_window"), "lanczos_window") : d.lanczosWindow()));
    }

    private boolean bool(Node node, String key) {
        String value = scalar(node, key);
        if (value.equals("true")) return true;
        if (value.equals("false")) return false;
        throw error(node, "'" + key + "' must be true or false, got '" + value + "'");
    }

    private List<Double> alphas(Node node) {
        if (node instanceof MappingNode) {
            Map<String, Node> keys = mapping(node, "'alphas'", Set.of("logspace"));
            List<Node> args = sequence(required(keys, "logspace", node), "logspace");
            if (args.size() != 3) throw error(node, "'logspace' takes [start, stop, count], e.g. [2, 7, 16]");
            int count = positiveInt(args.get(2), "logspace");
            return FitSettings.logspace(number(args.get(0), "logspace"), number(args.get(1), "logspace"), count);
        }
        List<Double> values = new ArrayList<>();
        for (Node n : sequence(node, "alphas")) {
            double a = number(n, "alphas");
            if (!(a > 0) || Double.isInfinite(a)) throw error(n, "ridge penalties must be positive and finite, got " + a);
            values.add(a);
        }
        if (values.isEmpty()) throw error(node, "'alphas' is empty");
        return values;
    }

    private Map<String, Node> mapping(Node node, String what, Set<String> allowed) {
        if (!(node instanceof MappingNode map)) throw error(node, what + " must be a mapping of keys to values");
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple tuple : map.getValue()) {
            String key = scalar(tuple.getKeyNode(), "key");
            if (!allowed.contains(key)) {
                throw error(tuple.getKeyNode(), "unknown key '" + key + "' in " + what + " (allowed: " + new java.util.TreeSet<>(allowed) + ")");
            }
            out.put(key, tuple.getValueNode());
        }
        return out;
    }

    private Node required(Map<String, Node> keys, String key, Node parent) {
        Node node = keys.get(key);
        if (node == null) throw error(parent, "missing key '" + key + "'");
        return node;
    }

    private List<Node> sequence(Node node, String key) {
        if (!(node instanceof SequenceNode seq)) throw error(node, "'" + key + "' must be a list");
        return seq.getValue();
    }

    private String scalar(Node node, String key) {
        if (!(node instanceof ScalarNode s)) throw error(node, "'" + key + "' must be a single value");
        return s.getValue();
    }

    private String name(Node node, String key) {
        String value = scalar(node, key);
        if (!value.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}") || value.contains("..")) {
            throw error(node, "'" + key + "' value '" + value + "' must be 1-128 letters, digits, '.', '_' or '-'");
        }
        return value;
    }

    private long integer(Node node, String key) {
        String value = scalar(node, key);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw error(node, "'" + key + "' must be an integer, got '" + value + "'");
        }
    }

    private int positiveInt(Node node, String key) {
        long v = integer(node, key);
        if (v < 1 || v > 1_000_000) throw error(node, "'" + key + "' must be between 1 and 1000000, got " + v);
        return (int) v;
    }

    private int nonNegativeInt(Node node, String key) {
        long v = integer(node, key);
        if (v < 0 || v > 1_000_000) throw error(node, "'" + key + "' must be between 0 and 1000000, got " + v);
        return (int) v;
    }

    private double number(Node node, String key) {
        String value = scalar(node, key);
        try {
            double d = Double.parseDouble(value);
            if (!Double.isFinite(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw error(node, "'" + key + "' must be a finite number, got '" + value + "'");
        }
    }

    private SweepFileException error(Node node, String message) {
        return new SweepFileException(source, node == null ? 0 : node.getStartMark().getLine() + 1, message);
    }
}
