package io.encodingfarm.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.encodingfarm.core.config.ConfigKey;
import io.encodingfarm.core.config.FarmConfig;
import io.encodingfarm.core.messaging.EventLog;
import io.encodingfarm.core.runtime.FarmContext;
import io.encodingfarm.core.store.ArtifactStore;
import io.encodingfarm.datasets.SyntheticDataset;
import io.encodingfarm.dispatcher.sweep.SweepFile;
import io.encodingfarm.dispatcher.sweep.SweepSpec;
import io.encodingfarm.embedded.EmbeddedInfrastructure;
import io.encodingfarm.formats.Npy;
import io.encodingfarm.schema.Json;
import io.encodingfarm.schema.SweepManifest;
import io.encodingfarm.schema.TaskEvent;
import io.encodingfarm.schema.TaskStatus;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * At-least-once delivery with exactly-once results under crashes: 240 small tasks, 3 worker
 * processes, one killed with SIGKILL every few seconds (and restarted), the Kafka broker and the S3
 * server each stopped and restarted once mid-sweep. At the end every task has exactly one committed
 * artifact and exactly one success event, every artifact parses, and no lease or stray object remains.
 */
class ChaosSweepTest {
    private static final int SEEDS = 60;
    private static final int SUBJECTS = 3;
    private static final int MAX_KILLS = 12;

    @Test
    @Timeout(900)
    void everyTaskSucceedsExactlyOnceDespiteKillsAndRestarts(@TempDir Path dir) throws Exception {
        Random random = new Random(42);
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(dir.resolve("infra"));
             FarmContext farm = FarmContext.connect("chaos-test", FarmConfig.fromEnvironment(infra.settings())
                     .with(Map.of(ConfigKey.WORK_DIR.key(), dir.resolve("work-test").toString())))) {
            TestData.plantedDataset(farm, dir.resolve("dataset"),
                    new SyntheticDataset.SynthSpec("chaos", 3, 40, new int[] {7, 9, 7}, 16, 2, 1.0, 0.4, 5), 4, 3);
            SweepSpec spec = SweepFile.parse(TestData.embeddingSweep("chaos", "chaos", SEEDS, "[1, 10, 100, 1000]"),
                    "chaos.yaml");
            SweepManifest manifest = new SweepPlanner(farm.store(), dir.resolve("work-test")).plan(spec);
            int tasks = manifest.extractions().size() + manifest.fits().size();
            assertEquals(SEEDS * (1 + SUBJECTS), tasks);
            Submission.submit(farm, spec, manifest);

            Workers workers = new Workers(infra.settings(), dir);
            for (int i = 0; i < 3; i++) workers.start(i);
            int kills = 0;
            boolean kafkaRestarted = false, s3Restarted = false;
            long deadline = System.nanoTime() + Duration.ofMinutes(12).toNanos();
            int committed = 0;
            try {
                while (committed < tasks) {
                    assertTrue(System.nanoTime() < deadline, "sweep not finished in time: " + committed + "/" + tasks
                            + " committed; worker logs in " + dir);
                    Thread.sleep(2500 + random.nextInt(2000));
                    committed = countCommitted(farm.store());
                    if (!kafkaRestarted && committed >= tasks / 4) {
                        infra.kafka().close();
                        Thread.sleep(3000);
                        infra.kafka().start();
                        kafkaRestarted = true;
                    } else if (!s3Restarted && committed >= tasks / 2) {
                        infra.s3().close();
                        Thread.sleep(3000);
                        infra.s3().start();
                        s3Restarted = true;
                    } else if (kills < MAX_KILLS && committed < tasks) {
                        workers.kill(random.nextInt(3));
                        kills++;
                    }
                    workers.restartDead();
                }
            } finally {
                workers.stopAll();
            }
            assertTrue(kafkaRestarted && s3Restarted, "both restarts happened");

            Set<String> planned = new HashSet<>();
            manifest.extractions().forEach(e -> planned.add(e.id()));
            manifest.fits().forEach(f -> planned.add(f.id()));
            Map<String, Set<String>> successIds = new HashMap<>();
            for (TaskEvent event : EventLog.readAll(farm.config())) {
                if (event.status() == TaskStatus.SUCCEEDED) {
                    successIds.computeIfAbsent(event.taskId(), k -> new TreeSet<>()).add(event.eventId());
                }
            }
            List<String> duplicates = new ArrayList<>(), lost = new ArrayList<>();
            for (String id : planned) {
                int n = successIds.getOrDefault(id, Set.of()).size();
                if (n == 0) lost.add(id);
                if (n > 1) duplicates.add(id);
            }
            int artifacts = 0, strays = 0;
            for (String prefix : List.of("features/", "fits/")) {
                Map<String, List<String>> byArtifact = farm.store().list(prefix).stream()
                        .collect(Collectors.groupingBy(k -> k.substring(0, k.indexOf('/', prefix.length()) + 1)));
                for (Map.Entry<String, List<String>> artifact : byArtifact.entrySet()) {
                    artifacts++;
                    Map<?, ?> marker = Json.fromBytes(farm.store().get(artifact.getKey() + ArtifactStore.COMMIT_MARKER), Map.class);
                    Set<?> listed = ((Map<?, ?>) marker.get("objects")).keySet();
                    for (String key : artifact.getValue()) {
                        String relative = key.substring(artifact.getKey().length());
                        if (relative.equals(ArtifactStore.COMMIT_MARKER)) continue;
                        if (!listed.contains(relative)) strays++;
                        if (key.endsWith(".npy")) assertTrue(Npy.read(farm.store().get(key)).size() > 0, key);
                    }
                }
            }
            List<String> leases = farm.store().list("leases/");
            System.out.printf("chaos sweep: %d tasks, %d worker kills (SIGKILL), 1 broker restart, 1 S3 restart, "
                    + "%d artifacts, duplicates %d, lost %d, stray objects %d, leftover leases %d%n",
                    tasks, kills, artifacts, duplicates.size(), lost.size(), strays, leases.size());
            assertEquals(List.of(), lost, "tasks without a success event");
            assertEquals(List.of(), duplicates, "tasks with two different success events");
            assertEquals(tasks, artifacts, "one artifact per task");
            assertEquals(0, strays, "objects outside any commit manifest");
            assertEquals(List.of(), leases, "leases left behind");
        }
    }

    private static int countCommitted(ArtifactStore store) {
        try {
            return (int) (store.list("features/").stream().filter(k -> k.endsWith(ArtifactStore.COMMIT_MARKER)).count()
                    + store.list("fits/").stream().filter(k -> k.endsWith(ArtifactStore.COMMIT_MARKER)).count());
        } catch (RuntimeException storeDown) {
            return 0;
        }
    }

    /** Worker processes: `farm service workers` in child JVMs, killed with SIGKILL on demand. */
    private static final class Workers {
        private final Map<String, String> settings;
        private final Path dir;
        private final Process[] processes = new Process[3];
        private int generation;

        Workers(Map<String, String> settings, Path dir) {
            this.settings = settings;
            this.dir = dir;
        }

        void start(int slot) throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", Cli.class.getName(), "service", "workers");
            Map<String, String> env = builder.environment();
            settings.forEach((key, value) -> env.put(key.toUpperCase().replace('.', '_'), value));
            env.put("FARM_WORKER_ID", "w" + slot + "-" + (++generation));
            env.put("FARM_WORK_DIR", dir.resolve("work-" + slot).toString());
            env.put("FARM_CONSUMER_SESSION_TIMEOUT_MS", "6000");
            env.put("FARM_TASK_LEASE_MS", "6000");
            env.put("FARM_TASK_RETRY_BACKOFF_MS", "200");
            File log = dir.resolve("worker-" + slot + ".log").toFile();
            builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log));
            processes[slot] = builder.start();
        }

        void kill(int slot) throws Exception {
            processes[slot].destroyForcibly().waitFor();
            start(slot);
        }

        void restartDead() throws Exception {
            for (int slot = 0; slot < processes.length; slot++) {
                if (!processes[slot].isAlive()) start(slot);
            }
        }

        void stopAll() throws InterruptedException {
            for (Process p : processes) if (p != null) p.destroy();
            for (Process p : processes) if (p != null && !p.waitFor(40, java.util.concurrent.TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }
}
