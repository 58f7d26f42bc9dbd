package io.encodingfarm.dispatcher;

import io.encodingfarm.core.runtime.FarmContext;
import io.encodingfarm.core.store.StoreKeys;
import io.encodingfarm.datasets.DatasetDirectory;
import io.encodingfarm.datasets.HuthFormatWriter;
import io.encodingfarm.datasets.HuthImporter;
import io.encodingfarm.datasets.LppFormatWriter;
import io.encodingfarm.datasets.LppImporter;
import io.encodingfarm.datasets.SyntheticDataset;
import io.encodingfarm.models.Extractors;
import io.encodingfarm.models.FeatureExtractor;
import io.encodingfarm.models.RunWords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code farm dataset …}: bring datasets into the store (import, synthesize) and look at them. */
@Command(name = "dataset", description = "Import, synthesize and inspect datasets.",
        subcommands = {DatasetCli.Synth.class, DatasetCli.Import.class, DatasetCli.Inspect.class})
final class DatasetCli {

    @Command(name = "synth", description = "Generate a synthetic dataset with a planted teacher feature set: into the store "
            + "(default), or in the LPP / Huth published format under --out for 'farm dataset import'.")
    static final class Synth implements Callable<Integer> {
        @Option(names = "--preset", defaultValue = "demo", description = "tiny | demo | lpp (LPP-sized: 9 runs, ~26k voxels)")
        String preset;
        @Option(names = "--name", description = "Dataset name (default: the preset's)") String name;
        @Option(names = "--teacher", defaultValue = "random-embeddings:16:7",
                description = "Planted features: random-embeddings:DIM:SEED or random-vectors:DIM:SEED (default ${DEFAULT-VALUE})")
        String teacher;
        @Option(names = "--format", defaultValue = "store", description = "store | lpp | huth") String format;
        @Option(names = "--out", description = "Directory for --format lpp|huth") Path out;
        @Option(names = "--audio", description = "Also write a stand-in recording per run (audio/<run>.wav: a tone burst "
                + "per word), for speech-model sweeps (--format store)") boolean audio;
        @CommandLine.Mixin Cli.Target target;

        @Override
        public Integer call() throws Exception {
            SyntheticDataset.SynthSpec spec = switch (preset) {
                case "tiny" -> SyntheticDataset.SynthSpec.tiny();
                case "demo" -> SyntheticDataset.SynthSpec.demo();
                case "lpp" -> SyntheticDataset.SynthSpec.lppSized();
                default -> throw new IllegalArgumentException("unknown preset '" + preset + "' (allowed: tiny, demo, lpp)");
            };
            if (name != null) {
                spec = new SyntheticDataset.SynthSpec(StoreKeys.segment("dataset", name), spec.runs(), spec.trsPerRun(),
                        spec.gridShape(), spec.voxelMm(), spec.subjects(), spec.snrLeft(), spec.snrRight(), spec.seed());
            }
            try (FeatureExtractor extractor = Extractors.open(teacherSpec(teacher))) {
                BiFunction<String, List<String>, float[][]> features = (run, words) -> extractor.extract(new RunWords(run, words))[0];
                switch (format) {
                    case "store" -> {
                        Path dir = Files.createTempDirectory("synth");
                        SyntheticDataset.generate(spec, features, teacher, dir);
                        if (audio) SyntheticStimuli.writeToneRecordings(dir);
                        upload(target, dir, spec.name());
                    }
                    case "lpp" -> {
                        LppFormatWriter.generate(spec, List.of(), features, teacher, requireOut());
                        System.out.println("wrote " + spec.name() + " in the LPP published format to " + out
                                + "; import it with: farm dataset import lpp " + out + " --name " + spec.name());
                    }
                    case "huth" -> {
                        HuthFormatWriter.generate(spec, 2, features, teacher, requireOut());
                        System.out.println("wrote " + spec.name() + " in the Huth published format to " + out);
                    }
                    default -> throw new IllegalArgumentException("unknown format '" + format + "' (allowed: store, lpp, huth)");
                }
            }
            return 0;
        }

        private Path requireOut() {
            if (out == null) throw new IllegalArgumentException("--format " + format + " needs --out DIR");
            return out;
        }

        static Map<String, Object> teacherSpec(String text) {
            String[] parts = text.split(":");
            if (parts.length != 3 || !(parts[0].equals("random-embeddings") || parts[0].equals("random-vectors"))) {
                throw new IllegalArgumentException("--teacher '" + text + "' must be random-embeddings:DIM:SEED or "
                        + "random-vectors:DIM:SEED");
            }
            Map<String, Object> spec = new TreeMap<>();
            spec.put("baseline", parts[0]);
            try {
                spec.put("dim", Integer.parseInt(parts[1]));
                spec.put("seed", Long.parseLong(parts[2]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--teacher '" + text + "': DIM and SEED must be integers");
            }
            return spec;
        }
    }

    @Command(name = "import", description = "Import a dataset as published: 'lpp' (OpenNeuro ds003643 layout) or 'huth' "
            + "(ds003020 layout, one subject), validated, into the store as datasets/NAME/.")
    static final class Import implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "lpp|huth") String kind;
        @Parameters(index = "1", paramLabel = "SOURCE") Path source;
        @Option(names = "--name", required = true) String name;
        @Option(names = "--subject", description = "huth: the subject to import (e.g. UTS01)") String subject;
        @Option(names = "--train-stories", split = ",", description = "huth: training stories") List<String> trainStories;
        @Option(names = "--test-story", description = "huth: the test story (default wheretheressmoke)",
                defaultValue = "wheretheressmoke") String testStory;
        @CommandLine.Mixin Cli.Target target;

        @Override
        public Integer call() throws Exception {
            StoreKeys.segment("dataset", name);
            Path dir = Files.createTempDirectory("import").resolve(name);
            switch (kind) {
                case "lpp" -> LppImporter.importTo(source, LppImporter.Options.named(name), dir);
                case "huth" -> {
                    if (subject == null || trainStories == null) {
                        throw new IllegalArgumentException("huth import needs --subject and --train-stories");
                    }
                    HuthImporter.importTo(source, HuthImporter.Options.of(name, subject, trainStories, testStory), dir);
                }
                default -> throw new IllegalArgumentException("unknown dataset kind '" + kind + "' (allowed: lpp, huth)");
            }
            upload(target, dir, name);
            return 0;
        }
    }

    @Command(name = "inspect", description = "Subjects, runs, TRs and words per run, voxels per hemisphere, ROIs.")
    static final class Inspect implements Callable<Integer> {
        @Parameters(paramLabel = "NAME") String name;
        @CommandLine.Mixin Cli.Target target;

        @Override
        public Integer call() throws Exception {
            try (Connection connection = Connection.open(target.embedded)) {
                FarmContext farm = connection.farm();
                String prefix = StoreKeys.dataset(name);
                Path local = farm.store().mirror(prefix, SweepPlanner.workDir(farm.config()).resolve(prefix),
                        key -> !key.startsWith("responses/") && !key.startsWith("repeats/"));
                System.out.print(DatasetDirectory.open(local).summary());
                return 0;
            }
        }
    }

    private static void upload(Cli.Target target, Path dir, String name) {
        try (Connection connection = Connection.open(target.embedded)) {
            FarmContext farm = connection.farm();
            String prefix = StoreKeys.dataset(name);
            if (farm.store().isCommitted(prefix)) {
                throw new IllegalArgumentException("dataset '" + name + "' is already in the store; datasets are immutable "
                        + "(sweeps and fits refer to them by name): choose another --name");
            }
            farm.store().uploadDirectory(dir, prefix);
            System.out.println("dataset " + name + " committed to " + farm.store().describe() + " under " + prefix);
        }
    }
}
