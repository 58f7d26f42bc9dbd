package io.encodingfarm.dispatcher.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.encodingfarm.core.config.ConfigKey;
import io.encodingfarm.core.config.FarmConfig;
import io.encodingfarm.core.runtime.FarmContext;
import io.encodingfarm.core.runtime.RunningService;
import io.encodingfarm.core.store.StoreKeys;
import io.encodingfarm.dispatcher.Cli;
import io.encodingfarm.dispatcher.SweepPlan;
import io.encodingfarm.dispatcher.SweepPlanner;
import io.encodingfarm.dispatcher.sweep.SweepFile;
import io.encodingfarm.embedded.EmbeddedInfrastructure;
import io.encodingfarm.fitworker.FitWorker;
import io.encodingfarm.gpuworker.GpuWorker;
import io.encodingfarm.reporter.Reporter;
import io.encodingfarm.reporter.SweepReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded farm with one gpu-worker, fit-worker and reporter, and the {@code farm} CLI pointed at it,
 * for running miniatures of the recipes: upload what a lab would, submit through the CLI, wait for the report.
 */
final class MiniatureFarm implements AutoCloseable {
    private final EmbeddedInfrastructure infra;
    private final List<RunningService> services;
    private final Map<String, String> settings;
    private final Path workDir;
    final FarmContext farm;

    private MiniatureFarm(EmbeddedInfrastructure infra, List<RunningService> services, Map<String, String> settings,
                          Path workDir, FarmContext farm) {
        this.infra = infra;
        this.services = services;
        this.settings = settings;
        this.workDir = workDir;
        this.farm = farm;
    }

    static MiniatureFarm start(Path dir) {
        EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(dir.resolve("infra"));
        Map<String, String> settings = new HashMap<>(infra.settings());
        settings.put(ConfigKey.WORK_DIR.key(), dir.resolve("work").toString());
        FarmConfig config = FarmConfig.fromEnvironment(settings);
        List<RunningService> services = List.of(
                GpuWorker.start(config.with(Map.of(ConfigKey.WORKER_ID.key(), "gpu-1"))),
                FitWorker.start(config.with(Map.of(ConfigKey.WORKER_ID.key(), "fit-1"))),
                Reporter.start(config.with(Map.of(ConfigKey.WORKER_ID.key(), "reporter-1"))));
        return new MiniatureFarm(infra, services, settings, dir.resolve("work"),
                FarmContext.connect("miniature-test", config));
    }

    void uploadModel(String id, Path checkpoint) {
        farm.store().uploadDirectory(checkpoint, StoreKeys.model(id));
    }

    void uploadDataset(String name, Path dir) {
        farm.store().uploadDirectory(dir, StoreKeys.dataset(name));
    }

    /** The sweep as a real submission would expand it (dataset and models in the store). */
    SweepPlan plan(Path sweep) {
        return new SweepPlanner(farm.store(), workDir).expand(SweepFile.read(sweep), false);
    }

    /** Runs the CLI against this farm (its settings as system properties, as a deployment's FARM_* variables). */
    String cli(String... args) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        settings.forEach(System::setProperty);
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            int status = Cli.execute(args);
            String output = captured.toString(StandardCharsets.UTF_8);
            assertEquals(0, status, output);
            return output;
        } finally {
            System.setOut(stdout);
            settings.keySet().forEach(System::clearProperty);
        }
    }

    SweepReport completeReport(String sweep, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (farm.store().isCommitted(StoreKeys.report(sweep))) {
                SweepReport report = farm.store().getJson(StoreKeys.report(sweep) + "summary.json", SweepReport.class);
                if (report.complete()) return report;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no complete report of " + sweep + " after " + timeout);
    }

    /** The {@code fit:} block of a shipped recipe, verbatim, so a miniature fits the way the recipe does. */
    static String fitBlock(String recipe) throws IOException {
        String text = Files.readString(RecipesTest.RECIPES.resolve(recipe).resolve("sweep.yaml"));
        return text.substring(text.indexOf("\nfit:") + 1);
    }

    @Override
    public void close() {
        farm.close();
        services.forEach(RunningService::close);
        infra.close();
    }
}
