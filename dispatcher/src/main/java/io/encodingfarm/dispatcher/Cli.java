package io.encodingfarm.dispatcher;

import io.encodingfarm.core.config.ConfigKey;
import io.encodingfarm.core.config.FarmConfig;
import io.encodingfarm.core.runtime.ConsumerLagMonitor;
import io.encodingfarm.core.runtime.FarmContext;
import io.encodingfarm.core.runtime.LagExporter;
import io.encodingfarm.core.runtime.RunningService;
import io.encodingfarm.core.store.StoreKeys;
import io.encodingfarm.dispatcher.sweep.SweepFile;
import io.encodingfarm.dispatcher.sweep.SweepFileException;
import io.encodingfarm.dispatcher.sweep.SweepSpec;
import io.encodingfarm.fitworker.FitWorker;
import io.encodingfarm.gpuworker.GpuWorker;
import io.encodingfarm.reporter.ReportBuilder;
import io.encodingfarm.reporter.Reporter;
import io.encodingfarm.reporter.SweepReport;
import io.encodingfarm.schema.SweepManifest;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code farm}: the command line of encoding-farm. */
@Command(name = "farm", mixinStandardHelpOptions = true, version = "encoding-farm 0.1.0",
        description = "Runs language encoding-model sweeps over Kafka and S3.",
        subcommands = {Cli.Submit.class, Cli.Status.class, Cli.Cancel.class, Cli.Resume.class, Cli.Report.class,
            Cli.DemoCommand.class, Cli.Service.class, Cli.Config.class, DatasetCli.class, ModelCli.class,
            BenchCli.class, ScienceCli.class})
public final class Cli {

    /** Where to reach Kafka and S3; shared by every command that needs them. */
    static final class Target {
        @Option(names = "--embedded", arity = "0..1", fallbackValue = ".farm/embedded", paramLabel = "DIR",
                description = "Start the embedded Kafka + S3 over DIR (default .farm/embedded, the demo's) instead of "
                        + "using FARM_* settings.")
        Path embedded;
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Cli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean userError = e instanceof SweepFileException || e instanceof IllegalArgumentException;
            System.err.println("farm: " + e.getMessage());
            if (!userError) System.err.println("  (" + e.getClass().getName() + ")");
            return 2;
        });
        return cli.execute(args);
    }

    @Command(name = "submit", description = "Expand a sweep file, write its manifest and post the tasks it still needs.")
    static final class Submit implements Callable<Integer> {
        @Parameters(paramLabel = "SWEEP.yaml") Path file;
        @Option(names = "--dry-run", description = "Print the expanded plan with compute and time estimates and post nothing; "
                + "works before the dataset and checkpoints are in the store when the sweep lists its subjects.") boolean dryRun;
        @Option(names = "--workers", defaultValue = "1", paramLabel = "N",
                description = "Workers to estimate the wall time for (dry run; default ${DEFAULT-VALUE}).") int workers;
        @CommandLine.Mixin Target target;

        @Override
        public Integer call() {
            if (workers < 1) throw new IllegalArgumentException("--workers must be at least 1, got " + workers);
            SweepSpec spec = SweepFile.read(file);
            try (Connection connection = Connection.open(target.embedded)) {
                FarmContext farm = connection.farm();
                SweepPlanner planner = new SweepPlanner(farm.store(), SweepPlanner.workDir(farm.config()));
                if (dryRun) {
                    printPlan(planner.expand(spec, true), spec, workers, System.out);
                    return 0;
                }
                Submission.Outcome outcome = Submission.submit(farm, spec, planner.plan(spec));
                System.out.println("sweep " + spec.name() + ": " + describe(outcome));
                return 0;
            }
        }
    }

    @Command(name = "status", description = "Queued, running, done and failed tasks of a sweep.")
    static final class Status implements Callable<Integer> {
        @Parameters(paramLabel = "SWEEP", arity = "0..1") String sweep;
        @Option(names = "--watch", description = "Follow progress until the sweep finishes.") boolean watch;
        @CommandLine.Mixin Target target;

        @Override
        public Integer call() throws Exception {
            try (Connection connection = Connection.open(target.embedded)) {
                FarmContext farm = connection.farm();
                List<String> sweeps = sweep != null ? List.of(sweep) : farm.store().list("sweeps/").stream()
                        .filter(k -> k.endsWith("/manifest.json")).map(k -> k.split("/")[1]).toList();
                if (sweeps.isEmpty()) System.out.println("no sweeps submitted yet");
                for (String name : sweeps) {
                    SweepStatus status = watch ? waitForSweep(farm, name, Duration.ofDays(7), System.out)
                            : SweepStatus.of(farm, name);
                    System.out.println(line(status));
                    status.failures().forEach(f -> System.out.println("  failed " + f));
                }
                return 0;
            }
        }
    }

    @Command(name = "cancel", description = "Stop a sweep's queued work: workers settle its remaining tasks as CANCELLED.")
    static final class Cancel implements Callable<Integer> {
        @Parameters(paramLabel = "SWEEP") String sweep;
        @CommandLine.Mixin Target target;

        @Override
        public Integer call() {
            try (Connection connection = Connection.open(target.embedded)) {
                FarmContext farm = connection.farm();
                String prefix = StoreKeys.sweep(sweep);
                if (!farm.store().exists(prefix + "manifest.json")) throw new IllegalArgumentException("no sweep named " + sweep);
                farm.store().putJson(prefix + "cancelled", java.util.Map.of("cancelled_at", java.time.Instant.now().toString()));
                System.out.println("sweep " + sweep + " cancelled: tasks not yet started will not run ("
                        + "running tasks finish); 'farm resume " + sweep + "' re-posts what is missing");
                return 0;
            }
        }
    }

    @Command(name = "resume", description = "Lift a cancellation and re-post only what is missing or failed.")
    static final class Resume implements Callable<Integer> {
        @Parameters(paramLabel = "SWEEP") String sweep;
        @CommandLine.Mixin Target target;

        @Override
        public Integer call() {
            try (Connection connection = Connection.open(target.embedded)) {
                FarmContext farm = connection.farm();
                String prefix = StoreKeys.sweep(sweep);
                byte[] text = farm.store().find(prefix + "sweep.yaml").orElseThrow(() ->
                        new IllegalArgumentException("no sweep named " + sweep));
                farm.store().delete(prefix + "cancelled");
                SweepSpec spec = SweepFile.parse(new String(text, java.nio.charset.StandardCharsets.UTF_8), prefix + "sweep.yaml");
                SweepManifest manifest = new SweepPlanner(farm.store(), SweepPlanner.workDir(farm.config())).plan(spec);
                System.out.println("sweep " + sweep + " resumed: " + describe(Submission.submit(farm, spec, manifest)));
                return 0;
            }
        }
    }

    @Command(name = "report", description = "Write a sweep's report (summary.json, scores.csv, index.html) to a directory.")
    static final class Report implements Callable<Integer> {
        @Parameters(paramLabel = "SWEEP") String sweep;
        @Option(names = "--out", required = true, paramLabel = "DIR") Path out;
        @CommandLine.Mixin Target target;

        @Override
        public Integer call() throws Exception {
            try (Connection connection = Connection.open(target.embedded)) {
                FarmContext farm = connection.farm();
                // The service commits partial reports while a sweep runs; bring any such one up to date.
                String summary = StoreKeys.report(sweep) + "summary.json";
                boolean current = farm.store().isCommitted(StoreKeys.report(sweep))
                        && farm.store().getJson(summary, SweepReport.class).complete();
                if (!current) new ReportBuilder(farm).build(sweep);
                farm.store().downloadDirectory(StoreKeys.report(sweep), out.toAbsolutePath());
                System.out.println("report of sweep " + sweep + " written to " + out.toAbsolutePath().resolve("index.html"));
                return 0;
            }
        }
    }

    @Command(name = "demo", description = "Run a complete demo sweep on this machine with the embedded Kafka and S3.")
    static final class DemoCommand implements Callable<Integer> {
        @Option(names = "--data-dir", defaultValue = ".farm/embedded", paramLabel = "DIR",
                description = "Where the embedded Kafka and S3 keep their data (default ${DEFAULT-VALUE}).")
        Path dataDir;
        @Option(names = "--timeout", defaultValue = "PT9M", description = "Give up after this long (ISO-8601, default ${DEFAULT-VALUE}).")
        Duration timeout;

        @Override
        public Integer call() throws Exception {
            Demo.Result result = new Demo(dataDir, System.out, timeout).run();
            return result.recoveredPlanted() && result.leftAboveRight() ? 0 : 1;
        }
    }

    @Command(name = "service", description = "Run services against FARM_* settings: gpu-worker, fit-worker, reporter, "
            + "lag-exporter, or workers (a gpu-worker and a fit-worker in one process). Stops gracefully on SIGTERM.")
    static final class Service implements Callable<Integer> {
        @Parameters(paramLabel = "NAME") String name;
        @CommandLine.Mixin Target target;

        /** A started service: what to print and what to close. */
        private record Started(String name, int port, AutoCloseable handle) {
            static Started of(RunningService service) {
                return new Started(service.name(), service.httpPort(), service);
            }
        }

        @Override
        public Integer call() throws Exception {
            try (Connection connection = Connection.open(target.embedded)) {
                FarmConfig config = connection.config();
                List<Started> services = switch (name) {
                    case GpuWorker.SERVICE -> List.of(Started.of(GpuWorker.start(config)));
                    case FitWorker.SERVICE -> List.of(Started.of(FitWorker.start(config)));
                    case Reporter.SERVICE -> List.of(Started.of(Reporter.start(config)));
                    case "workers" -> List.of(Started.of(GpuWorker.start(config)), Started.of(FitWorker.start(config)));
                    case LagExporter.SERVICE -> {
                        LagExporter exporter = LagExporter.start(config, ConsumerLagMonitor.DEFAULT_INTERVAL);
                        yield List.of(new Started(LagExporter.SERVICE, exporter.httpPort(), exporter));
                    }
                    default -> throw new IllegalArgumentException("unknown service '" + name
                            + "' (allowed: gpu-worker, fit-worker, reporter, lag-exporter, workers)");
                };
                for (Started service : services) {
                    System.out.println(service.name() + " running; health on http://" + config.get(ConfigKey.HTTP_HOST) + ":"
                            + service.port() + "/q/health");
                }
                CountDownLatch stopped = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    for (Started service : services) {
                        try {
                            service.handle().close();
                        } catch (Exception e) {
                            System.err.println("farm: stopping " + service.name() + ": " + e.getMessage());
                        }
                    }
                    stopped.countDown();
                }));
                stopped.await();
                return 0;
            }
        }
    }

    @Command(name = "config", description = "List every setting, its environment variable, default and meaning.")
    static final class Config implements Callable<Integer> {
        @Override
        public Integer call() {
            for (ConfigKey key : ConfigKey.values()) {
                System.out.printf(Locale.ROOT, "%-28s %-30s default: %s%n    %s%n", key.key(), key.envName(),
                        key.defaultValue() == null ? "(required)" : key.defaultValue().isEmpty() ? "(empty)" : key.defaultValue(),
                        key.doc());
            }
            return 0;
        }
    }

    /** The dry run's output: counts per feature-set kind, skipped sets, every extraction, estimates, notes. */
    static void printPlan(SweepPlan plan, SweepSpec spec, int workers, PrintStream out) {
        SweepManifest manifest = plan.manifest();
        int subjects = plan.subjects().size();
        out.println("sweep " + manifest.sweep() + " on dataset " + manifest.dataset() + " for " + subjects + " subjects "
                + plan.subjects() + ", fit method " + spec.fit().method() + " (" + spec.fit().alphas().size() + " alphas)");
        plan.notes().forEach(note -> out.println("  note: " + note));
        DatasetShape data = plan.data();
        if (data != null) {
            out.printf(Locale.ROOT, "problem size: %d runs, %d training TRs%s, %d voxels, %d words (from %s)%n", data.runs(),
                    data.trainTrs(), data.testTrs() > 0 ? " + " + data.testTrs() + " test TRs" : "", data.voxels(), data.words(),
                    data.origin());
        }
        out.println();
        out.printf(Locale.ROOT, "  %-12s %8s %8s %16s %12s %10s%n", "kind", "listed", "layers", "skipped (layers)",
                "extractions", "fits");
        for (FeatureSource.Kind kind : FeatureSource.Kind.values()) {
            SweepPlan.Tally tally = plan.tally(s -> s.source().kind() == kind);
            if (tally.listed() > 0) printKindRow(out, kind.label(), tally);
        }
        printKindRow(out, "total", plan.tally(s -> true));
        out.printf(Locale.ROOT, "  = %d extraction tasks, %d fit tasks (%d per subject)%n", manifest.extractions().size(),
                manifest.fits().size(), subjects == 0 ? 0 : manifest.fits().size() / subjects);

        List<SweepPlan.PlannedSet> skipped = plan.sets().stream().filter(SweepPlan.PlannedSet::skipped).toList();
        if (!skipped.isEmpty()) {
            out.println();
            out.println("skipped (listed and counted above, but not runnable today; no tasks posted):");
            for (SweepPlan.PlannedSet set : skipped) {
                out.printf(Locale.ROOT, "  %-28s %3d layers  %s%n", set.set().label(), set.fitLayers().size(), set.source().skipReason());
            }
        }

        out.println();
        out.printf(Locale.ROOT, "  %-28s %-16s %5s %6s %9s %11s %10s  %s%n", "feature set", "extraction", "fits", "width",
                "params", "GFLOP/fit", "GPU mem", "layers from");
        double extractionFlops = 0, fitFlops = 0, largestGpu = 0;
        String largest = null;
        for (SweepPlan.PlannedSet set : plan.sets()) {
            if (set.skipped()) continue;
            FeatureSource source = set.source();
            int fits = set.fitLayers().size() * subjects;
            double perFit = data == null ? Double.NaN : PlanEstimate.fitFlops(spec.fit(), data, source.width());
            double gpu = PlanEstimate.gpuBytes(source, set.set().extractor());
            if (data != null) {
                extractionFlops += PlanEstimate.extractionFlops(source, set.set().extractor(), data);
                fitFlops += perFit * fits;
            }
            if (gpu > largestGpu) {
                largestGpu = gpu;
                largest = set.set().label();
            }
            out.printf(Locale.ROOT, "  %-28s %-16s %5d %6d %9s %11s %10s  %s%n", set.set().label(),
                    set.extraction().id().substring(0, Math.min(16, set.extraction().id().length())), fits, source.width(),
                    source.parameters() == 0 ? "-" : count(source.parameters()), data == null ? "?" : String.format(Locale.ROOT,
                    "%.1f", perFit / 1e9), gpu == 0 ? "-" : String.format(Locale.ROOT, "%.1f GB", gpu / 1e9), source.origin());
        }

        out.println();
        if (data == null) {
            out.println("estimate: not available (no problem size for dataset " + manifest.dataset() + ")");
            return;
        }
        double extractionSeconds = PlanEstimate.extractionSeconds(extractionFlops);
        double fitSeconds = PlanEstimate.fitSeconds(fitFlops);
        out.printf(Locale.ROOT, "estimate (constants in docs/recipes.md; 2-core CPU workers like this machine):%n");
        out.printf(Locale.ROOT, "  extraction  %10.1f TFLOP  %10.1f worker-hours at %.1f GFLOP/s%n", extractionFlops / 1e12,
                extractionSeconds / 3600, PlanEstimate.EXTRACT_GFLOPS);
        out.printf(Locale.ROOT, "  fits        %10.1f TFLOP  %10.1f worker-hours at %.0f GFLOP/s%n", fitFlops / 1e12,
                fitSeconds / 3600, PlanEstimate.RIDGE_GFLOPS);
        if (largest != null) {
            out.printf(Locale.ROOT, "  largest GPU memory: %.1f GB (%s: float32 weights + activations)%n", largestGpu / 1e9, largest);
        }
        out.printf(Locale.ROOT, "  wall time with %d worker%s: %s (extraction and fits share each worker's cores)%n", workers,
                workers == 1 ? "" : "s", duration((extractionSeconds + fitSeconds) / workers));
    }

    private static void printKindRow(PrintStream out, String kind, SweepPlan.Tally t) {
        out.printf(Locale.ROOT, "  %-12s %8d %8d %16s %12d %10d%n", kind, t.listed(), t.layers(),
                t.skipped() + " (" + t.skippedLayers() + ")", t.extractions(), t.fits());
    }

    private static String count(long n) {
        return n >= 1e9 ? String.format(Locale.ROOT, "%.2fB", n / 1e9) : n >= 1e6 ? String.format(Locale.ROOT, "%.1fM", n / 1e6)
                : String.format(Locale.ROOT, "%.1fk", n / 1e3);
    }

    private static String duration(double seconds) {
        if (seconds < 120) return String.format(Locale.ROOT, "%.0f s", seconds);
        if (seconds < 7200) return String.format(Locale.ROOT, "%.0f min", seconds / 60);
        if (seconds < 3 * 86400) return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
        return String.format(Locale.ROOT, "%.1f days", seconds / 86400);
    }

    static String describe(Submission.Outcome o) {
        return o.extractions() + " extraction tasks and " + o.fits() + " fit tasks planned; already done and skipped: "
                + o.extractionsDone() + " extractions, " + o.fitsDone() + " fits; posted now: " + o.extractionsPosted()
                + " extractions, " + o.fitsPosted() + " fits" + (o.fitsFollowing() > 0 ? " (" + o.fitsFollowing()
                + " fits follow their extractions)" : "");
    }

    static String line(SweepStatus s) {
        int cancelled = s.extractions().cancelled() + s.fits().cancelled();
        return String.format(Locale.ROOT, "%s: extractions %d/%d done, fits %d/%d done · %d queued, %d running, %d failed%s",
                s.sweep(), s.extractions().done(), s.extractions().total(), s.fits().done(), s.fits().total(),
                s.extractions().queued() + s.fits().queued(), s.extractions().running() + s.fits().running(),
                s.extractions().failed() + s.fits().failed(), cancelled > 0 ? ", " + cancelled + " cancelled" : "");
    }

    /** Polls the sweep's status until it finishes, drawing a progress bar on a terminal. */
    static SweepStatus waitForSweep(FarmContext farm, String sweep, Duration timeout, PrintStream out)
            throws InterruptedException {
        boolean terminal = System.console() != null;
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (true) {
            SweepStatus status = SweepStatus.of(farm, sweep);
            int total = status.extractions().total() + status.fits().total();
            int done = status.extractions().done() + status.fits().done();
            String text = line(status);
            if (terminal) {
                int width = 30, filled = total == 0 ? width : width * done / total;
                out.print("\r  [" + "#".repeat(filled) + "-".repeat(width - filled) + "] " + text + "   ");
            } else if (!text.equals(last)) {
                out.println("  " + text);
            }
            last = text;
            if (status.finished()) {
                if (terminal) out.println();
                return status;
            }
            if (System.nanoTime() > deadline) {
                if (terminal) out.println();
                throw new IllegalStateException("sweep " + sweep + " not finished after " + timeout + ": " + text);
            }
            Thread.sleep(1000);
        }
    }
}
