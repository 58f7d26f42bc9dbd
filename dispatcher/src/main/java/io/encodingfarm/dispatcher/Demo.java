package io.encodingfarm.dispatcher;

import io.encodingfarm.core.config.ConfigKey;
import io.encodingfarm.core.config.FarmConfig;
import io.encodingfarm.core.runtime.FarmContext;
import io.encodingfarm.core.runtime.RunningService;
import io.encodingfarm.core.store.StoreKeys;
import io.encodingfarm.datasets.SyntheticDataset;
import io.encodingfarm.dispatcher.sweep.SweepFile;
import io.encodingfarm.dispatcher.sweep.SweepSpec;
import io.encodingfarm.embedded.EmbeddedInfrastructure;
import io.encodingfarm.fitworker.FitWorker;
import io.encodingfarm.gpuworker.GpuWorker;
import io.encodingfarm.models.RunWords;
import io.encodingfarm.models.baselines.RandomEmbeddings;
import io.encodingfarm.models.checkpoint.TinyCheckpoints;
import io.encodingfarm.models.speech.TinyWhisper;
import io.encodingfarm.models.speech.WhisperConfig;
import io.encodingfarm.reporter.SweepReport;
import io.encodingfarm.reporter.Reporter;
import io.encodingfarm.schema.SweepManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The embedded default end to end: Kafka and S3 on loopback, one of each service, a synthetic dataset
 * with a planted feature set, the demo sweep, progress until the report is in, and a check that the
 * report found what was planted.
 */
public final class Demo {
    public static final String DATASET = "synth-demo";
    public static final String PLANTED_LABEL = "random-embeddings-seed7";
    static final int PLANTED_DIM = 16;
    static final long PLANTED_SEED = 7;

    private final Path dataDir;
    private final PrintStream out;
    private final Duration timeout;

    public Demo(Path dataDir, PrintStream out, Duration timeout) {
        this.dataDir = dataDir.toAbsolutePath();
        this.out = out;
        this.timeout = timeout;
    }

    /** Runs the demo; the result says whether the report recovered the planted truth. */
    public Result run() throws Exception {
        long start = System.nanoTime();
        out.println("encoding-farm demo · data in " + dataDir);
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(dataDir)) {
            Map<String, String> settings = new HashMap<>(infra.settings());
            settings.put(ConfigKey.WORK_DIR.key(), dataDir.resolve("work").toString());
            FarmConfig config = FarmConfig.fromEnvironment(settings);
            out.println("  Kafka (KRaft) at " + config.get(ConfigKey.KAFKA_BOOTSTRAP_SERVERS) + ", S3 at "
                    + config.get(ConfigKey.S3_ENDPOINT));
            try (RunningService gpu = GpuWorker.start(worker(config, "gpu-worker-1"));
                 RunningService fit = FitWorker.start(worker(config, "fit-worker-1"));
                 RunningService reporter = Reporter.start(worker(config, "reporter-1"));
                 FarmContext farm = FarmContext.connect("dispatcher", config)) {
                for (RunningService s : List.of(gpu, fit, reporter)) {
                    out.println("  " + s.name() + " health http://127.0.0.1:" + s.httpPort() + "/q/health, metrics /q/metrics");
                }
                ensureDataset(farm);
                ensureTinyModels(farm);
                SweepSpec spec = SweepFile.parse(resource("/demo/sweep.yaml"), "demo/sweep.yaml");
                SweepManifest manifest = new SweepPlanner(farm.store(), SweepPlanner.workDir(config)).plan(spec);
                Submission.Outcome first = Submission.submit(farm, spec, manifest);
                out.println("  submitted sweep '" + spec.name() + "': " + Cli.describe(first));
                SweepStatus status = Cli.waitForSweep(farm, spec.name(), timeout, out);
                if (!status.finished() || status.fits().failed() > 0) {
                    throw new IllegalStateException("sweep did not finish cleanly: " + status.failures());
                }
                SweepReport report = waitForReport(farm, spec.name());
                Path local = dataDir.resolve("reports").resolve(spec.name());
                farm.store().downloadDirectory(StoreKeys.report(spec.name()), local);
                Submission.Outcome again = Submission.submit(farm, spec,
                        new SweepPlanner(farm.store(), SweepPlanner.workDir(config)).plan(spec));
                out.println("  resubmitted the finished sweep: " + Cli.describe(again));
                SweepReport speech = runSpeechSweep(farm, config);
                Result result = new Result(report, speech, local, again.posted(), (System.nanoTime() - start) / 1e9);
                print(result);
                return result;
            }
        }
    }

    /** What the demo found. */
    public record Result(SweepReport report, SweepReport speechReport, Path reportDir, int postedOnResubmit, double seconds) {
        public boolean recoveredPlanted() {
            return PLANTED_LABEL.equals(report.best());
        }

        public boolean leftAboveRight() {
            return report.byFeatureSet().stream().filter(s -> s.label().equals(report.best()))
                    .anyMatch(s -> s.left() > s.right());
        }
    }

    private static FarmConfig worker(FarmConfig config, String id) {
        return config.with(Map.of(ConfigKey.WORKER_ID.key(), id));
    }

    private void ensureDataset(FarmContext farm) throws IOException {
        String prefix = StoreKeys.dataset(DATASET);
        if (farm.store().isCommitted(prefix)) {
            out.println("  dataset " + DATASET + " already in the store");
            return;
        }
        Path dir = Files.createTempDirectory("synth-demo");
        RandomEmbeddings teacher = new RandomEmbeddings(PLANTED_DIM, PLANTED_SEED);
        SyntheticDataset.generate(SyntheticDataset.SynthSpec.demo(),
                (run, words) -> teacher.extract(new RunWords(run, words))[0],
                "random-embeddings dim=" + PLANTED_DIM + " seed=" + PLANTED_SEED, dir);
        farm.store().uploadDirectory(dir, prefix);
        out.println("  generated synthetic dataset " + DATASET + " (planted: random-embeddings dim 16 seed 7, SNR left > right)");
    }

    /**
     * Seed A's speech pipeline on a small Huth-format dataset with stand-in recordings: every layer of a
     * tiny Whisper encoder and a word baseline, bootstrap ridge, scored on the held-out story.
     */
    private SweepReport runSpeechSweep(FarmContext farm, FarmConfig config) throws Exception {
        if (!farm.store().isCommitted(StoreKeys.dataset(SPEECH_DATASET))) {
            Path dataset = SyntheticStimuli.importedHuthDataset(SPEECH_DATASET, Files.createTempDirectory("synth-speech"), 16);
            SyntheticStimuli.writeToneRecordings(dataset);
            farm.store().uploadDirectory(dataset, StoreKeys.dataset(SPEECH_DATASET));
            out.println("  generated synthetic Huth-format dataset " + SPEECH_DATASET + " with recordings (4 stories of 32 s)");
        }
        if (!farm.store().isCommitted(StoreKeys.model(SPEECH_MODEL))) {
            Path dir = Files.createTempDirectory(SPEECH_MODEL);
            TinyWhisper.write(new WhisperConfig(32, 1, 2, 64, 80, WhisperConfig.ENCODER_FRAMES), 5, dir);
            farm.store().uploadDirectory(dir, StoreKeys.model(SPEECH_MODEL));
        }
        SweepSpec spec = SweepFile.parse(resource("/demo/speech-sweep.yaml"), "demo/speech-sweep.yaml");
        SweepManifest manifest = new SweepPlanner(farm.store(), SweepPlanner.workDir(config)).plan(spec);
        out.println("  submitted speech sweep '" + spec.name() + "': " + Cli.describe(Submission.submit(farm, spec, manifest)));
        SweepStatus status = Cli.waitForSweep(farm, spec.name(), timeout, out);
        if (!status.finished() || status.fits().failed() > 0) {
            throw new IllegalStateException("speech sweep did not finish cleanly: " + status.failures());
        }
        return waitForReport(farm, spec.name());
    }

    static final String SPEECH_DATASET = "synth-speech";
    static final String SPEECH_MODEL = "tiny-whisper";

    /** Three sizes of one family, so the report has a real size axis (random weights: no hub here). */
    private void ensureTinyModels(FarmContext farm) throws IOException {
        for (TinyModel model : TINY_MODELS) {
            String prefix = StoreKeys.model(model.name());
            if (farm.store().isCommitted(prefix)) continue;
            Path dir = Files.createTempDirectory(model.name());
            TinyCheckpoints.write("gpt2", model.layers(), model.hidden(), model.heads(), model.seed(), dir);
            farm.store().uploadDirectory(dir, prefix);
            out.println("  wrote tiny GPT-2 checkpoint " + model.name() + " (" + model.layers() + " layers, hidden "
                    + model.hidden() + ") to the store");
        }
    }

    record TinyModel(String name, int layers, int hidden, int heads, long seed) {
    }

    static final List<TinyModel> TINY_MODELS = List.of(
            new TinyModel("tiny-gpt2-s", 2, 32, 2, 11),
            new TinyModel("tiny-gpt2-m", 3, 64, 4, 12),
            new TinyModel("tiny-gpt2-l", 4, 96, 4, 13));

    private SweepReport waitForReport(FarmContext farm, String sweep) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        String key = StoreKeys.report(sweep) + "summary.json";
        while (System.nanoTime() < deadline) {
            if (farm.store().isCommitted(StoreKeys.report(sweep))) {
                SweepReport report = farm.store().getJson(key, SweepReport.class);
                if (report.complete()) return report;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the reporter wrote no complete report for sweep " + sweep + " in 2 minutes");
    }

    private void print(Result result) {
        SweepReport report = result.report();
        out.println();
        out.printf(Locale.ROOT, "  %-26s %-12s %9s %9s %9s %9s%n", "feature set", "best layer", "mean r", "left", "right", "L-R");
        for (SweepReport.FeatureSetSummary s : report.byFeatureSet()) {
            out.printf(Locale.ROOT, "  %-26s %-12s %9.4f %9.4f %9.4f %9.4f%s%n", s.label(), s.bestLayer(), s.meanR(), s.left(),
                    s.right(), s.leftMinusRight(), s.label().equals(report.best()) ? "  <- best" : "");
        }
        out.println();
        out.println("  planted feature set " + PLANTED_LABEL + (result.recoveredPlanted() ? " ranked best" : " NOT ranked best")
                + "; left " + (result.leftAboveRight() ? ">" : "<=") + " right");
        out.println("  report: " + result.reportDir().resolve("index.html") + " (also s3 " + StoreKeys.report(report.sweep()) + ")");
        for (SweepReport.FeatureSetSummary s : result.speechReport().byFeatureSet()) {
            out.printf(Locale.ROOT, "  speech sweep: %-20s best layer %-12s test r %.4f%n", s.label(), s.bestLayer(), s.meanR());
        }
        out.println("  speech report: s3 " + StoreKeys.report(result.speechReport().sweep()) + " ('farm report "
                + result.speechReport().sweep() + " --out DIR --embedded')");
        out.printf(Locale.ROOT, "  demo finished in %.1f s%n", result.seconds());
    }

    private static String resource(String name) {
        try (InputStream in = Demo.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException(name + " is missing from the dispatcher jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
