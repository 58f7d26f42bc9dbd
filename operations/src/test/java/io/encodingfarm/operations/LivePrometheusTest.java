package io.encodingfarm.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.encodingfarm.core.config.ConfigKey;
import io.encodingfarm.core.config.FarmConfig;
import io.encodingfarm.core.runtime.FarmContext;
import io.encodingfarm.core.runtime.LagExporter;
import io.encodingfarm.core.runtime.RunningService;
import io.encodingfarm.core.store.StoreKeys;
import io.encodingfarm.datasets.SyntheticDataset;
import io.encodingfarm.dispatcher.Cli;
import io.encodingfarm.embedded.EmbeddedInfrastructure;
import io.encodingfarm.fitworker.FitWorker;
import io.encodingfarm.gpuworker.GpuWorker;
import io.encodingfarm.models.RunWords;
import io.encodingfarm.models.baselines.RandomEmbeddings;
import io.encodingfarm.reporter.Reporter;
import io.encodingfarm.reporter.SweepReport;
import io.encodingfarm.schema.SweepManifest;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server (Debian's) scrapes the embedded farm while a short sweep runs, with the
 * shipped alert rules loaded. Every metric a dashboard panel or an alert queries must be in the scrape,
 * every panel query must evaluate, and the rules must evaluate without error.
 */
class LivePrometheusTest {
    private static final Path ROOT = Tools.repoRoot();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern METRIC = Pattern.compile("\\b(farm_[a-z0-9_]+|up)\\b");
    private static final String SWEEP = "ops-live";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @Timeout(240)
    @ExtendWith(SharedInfrastructure.class)
    void prometheusFindsEveryMetricTheDashboardAndAlertsUse(EmbeddedInfrastructure infra, @TempDir Path work) throws Exception {
        Path prometheus = Tools.require("prometheus", "apt-get install -y prometheus");
        FarmConfig config = FarmConfig.fromEnvironment(infra.settings())
                .with(Map.of(ConfigKey.WORK_DIR.key(), work.resolve("work").toString()));
        try (RunningService gpu = GpuWorker.start(worker(config, "gpu-worker-1"));
             RunningService fit = FitWorker.start(worker(config, "fit-worker-1"));
             RunningService reporter = Reporter.start(worker(config, "reporter-1"));
             LagExporter lag = LagExporter.start(config, Duration.ofSeconds(1));
             FarmContext farm = FarmContext.connect("ops-test", config)) {
            Map<String, Integer> ports = Map.of(GpuWorker.SERVICE, gpu.httpPort(), FitWorker.SERVICE, fit.httpPort(),
                    Reporter.SERVICE, reporter.httpPort(), LagExporter.SERVICE, lag.httpPort());
            int prometheusPort = Tools.freePort();
            Process server = startPrometheus(prometheus, work, prometheusPort, ports);
            try {
                String api = "http://127.0.0.1:" + prometheusPort + "/api/v1/";
                int fits = runSweep(config, farm, work);
                postUnreadableTask(config);

                // Wait until Prometheus has seen the end state: every fit done, the bad record dead-lettered.
                String dead = config.get(ConfigKey.TOPIC_DEAD);
                awaitValue(api, "sum(farm_tasks_completed_total{type=\"fit\",outcome=\"succeeded\"})", v -> v >= fits);
                awaitValue(api, "sum(farm_tasks_completed_total{outcome=\"dead_lettered\"})", v -> v >= 1);
                awaitValue(api, "max(farm_topic_records{topic=\"" + dead + "\"})", v -> v == 1);
                awaitValue(api, "max(farm_queue_lag_records{group=\"farm-fit-worker\"})", v -> v == 0);

                Set<String> names = new TreeSet<>();
                query(api + "label/__name__/values").path("data").forEach(n -> names.add(n.asText()));
                Map<String, String> panelQueries = dashboardQueries();
                List<String> ruleQueries = ruleQueries();
                Set<String> used = new TreeSet<>();
                for (String expr : concat(panelQueries.values(), ruleQueries)) {
                    Matcher m = METRIC.matcher(expr);
                    while (m.find()) used.add(m.group(1));
                }
                used.removeAll(names);
                assertEquals(Set.of(), used, "metrics the dashboard or the alerts query that the farm does not export");

                // rate() and increase() need two samples of a series: allow a few scrapes for the newest ones.
                List<String> emptyPanels = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                for (Map.Entry<String, String> panel : panelQueries.entrySet()) {
                    String expr = panel.getValue().replace("$__rate_interval", "1m").replace("$__range", "5m");
                    String url = api + "query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8);
                    while (query(url).path("data").path("result").isEmpty() && System.nanoTime() < deadline) sleep(250);
                    if (query(url).path("data").path("result").isEmpty()) emptyPanels.add(panel.getKey() + ": " + expr);
                }
                assertEquals(List.of(), emptyPanels, "panel queries with no data after a sweep");

                assertEquals(4.0, value(api, "count(up{job=~\"gpu-worker|fit-worker|reporter|lag-exporter\"} == 1)"));
                assertEquals(3.0, value(api, "count(max by (group) (farm_queue_lag_records))"), "lag of all three groups");
                assertTrue(value(api, "sum(farm_extraction_words_total)") > 0, "extraction words counted");
                assertTrue(value(api, "sum(farm_fit_voxels_total)") > 0, "fit voxels counted");
                assertRulesEvaluate(api);
            } finally {
                server.destroy();
                server.waitFor();
            }
        }
    }

    private static FarmConfig worker(FarmConfig config, String id) {
        return config.with(Map.of(ConfigKey.WORKER_ID.key(), id));
    }

    /** Prometheus on loopback, scraping each service every second under the job names compose uses. */
    private static Process startPrometheus(Path binary, Path work, int port, Map<String, Integer> servicePorts) throws IOException {
        StringBuilder yaml = new StringBuilder("global: {scrape_interval: 1s, evaluation_interval: 1s}\n")
                .append("rule_files: ['").append(ROOT.resolve("ops/prometheus/rules.yml")).append("']\n")
                .append("scrape_configs:\n");
        for (String job : composeJobs()) {
            Integer servicePort = servicePorts.get(job);
            assertTrue(servicePort != null, "ops/prometheus/prometheus.yml scrapes " + job + ", which this test does not run");
            yaml.append("  - {job_name: ").append(job).append(", metrics_path: /q/metrics, static_configs: [{targets: ['127.0.0.1:")
                    .append(servicePort).append("']}]}\n");
        }
        Path configFile = work.resolve("prometheus.yml");
        Files.writeString(configFile, yaml);
        Process process = new ProcessBuilder(binary.toString(), "--config.file=" + configFile,
                "--storage.tsdb.path=" + work.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(work.resolve("prometheus.log").toFile()).start();
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> ready = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) return process;
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (!process.isAlive()) break;
            sleep(200);
        }
        process.destroy();
        throw new IllegalStateException("Prometheus did not become ready:\n" + Files.readString(work.resolve("prometheus.log")));
    }

    private static List<String> composeJobs() throws IOException {
        Object config = Tools.yamlDocuments(Files.readString(ROOT.resolve("ops/prometheus/prometheus.yml"))).get(0);
        return KubeObjects.list(config, "scrape_configs").stream().map(j -> KubeObjects.string(j, "job_name"))
                .filter(j -> !"prometheus".equals(j)).toList();
    }

    /** A dataset, a one-feature-set sweep submitted through the CLI, and the wait for its report; returns the fits. */
    private static int runSweep(FarmConfig config, FarmContext farm, Path work) throws Exception {
        SyntheticDataset.SynthSpec spec = new SyntheticDataset.SynthSpec("synth-ops", 3, 60, new int[] {7, 9, 7}, 16, 1, 1.0, 0.4, 7);
        RandomEmbeddings teacher = new RandomEmbeddings(8, 7);
        Path dataset = work.resolve("dataset");
        SyntheticDataset.generate(spec, (run, words) -> teacher.extract(new RunWords(run, words))[0], "random-embeddings dim=8 seed=7",
                dataset);
        farm.store().uploadDirectory(dataset, StoreKeys.dataset(spec.name()));
        Path sweep = work.resolve("sweep.yaml");
        Files.writeString(sweep, """
                sweep: %s
                dataset: %s
                subjects: all
                features:
                  - name: random-embeddings
                    baseline: random-embeddings
                    dim: 8
                    seeds: [7]
                fit:
                  method: loro
                  hrf: glover
                  oversampling: 10
                  trim: 5
                  alphas: {logspace: [0, 4, 3]}
                """.formatted(SWEEP, spec.name()));
        Map<String, String> cliSettings = new LinkedHashMap<>();
        for (ConfigKey key : List.of(ConfigKey.KAFKA_BOOTSTRAP_SERVERS, ConfigKey.S3_ENDPOINT, ConfigKey.S3_ACCESS_KEY,
                ConfigKey.S3_SECRET_KEY, ConfigKey.WORK_DIR)) {
            cliSettings.put(key.key(), config.get(key));
        }
        Properties saved = (Properties) System.getProperties().clone();
        try {
            cliSettings.forEach(System::setProperty);
            assertEquals(0, Cli.execute("submit", sweep.toString()), "farm submit");
        } finally {
            System.setProperties(saved);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
        while (!reportComplete(farm)) {
            assertTrue(System.nanoTime() < deadline, "no complete report for sweep " + SWEEP + " in 150 s");
            sleep(250);
        }
        return farm.store().getJson(StoreKeys.sweep(SWEEP) + "manifest.json", SweepManifest.class).fits().size();
    }

    private static boolean reportComplete(FarmContext farm) {
        return farm.store().isCommitted(StoreKeys.report(SWEEP))
                && farm.store().getJson(StoreKeys.report(SWEEP) + "summary.json", SweepReport.class).complete();
    }

    /** A record no worker can read: it is dead-lettered, so failures and the dead-letter depth have data. */
    private static void postUnreadableTask(FarmConfig config) throws Exception {
        Properties props = config.kafkaProperties();
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(config.get(ConfigKey.TOPIC_FIT), "fit-unreadable", "this is not a task")).get();
        }
    }

    private static Map<String, String> dashboardQueries() throws IOException {
        JsonNode dashboard = JSON.readTree(ROOT.resolve("ops/grafana/dashboards/encoding-farm.json").toFile());
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.put(panel.path("title").asText() + " " + target.path("refId").asText(), target.path("expr").asText());
            }
        }
        assertFalse(queries.isEmpty(), "the dashboard has no queries");
        return queries;
    }

    private static List<String> ruleQueries() throws IOException {
        Object rules = Tools.yamlDocuments(Files.readString(ROOT.resolve("ops/prometheus/rules.yml"))).get(0);
        List<String> exprs = new ArrayList<>();
        for (Object group : KubeObjects.list(rules, "groups")) {
            for (Object rule : KubeObjects.list(group, "rules")) exprs.add(KubeObjects.string(rule, "expr"));
        }
        return exprs;
    }

    private void assertRulesEvaluate(String api) throws Exception {
        Map<String, String> health = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        do {
            health.clear();
            for (JsonNode group : query(api + "rules").path("data").path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    health.put(rule.path("name").asText(), rule.path("health").asText() + " " + rule.path("lastError").asText());
                }
            }
            if (!health.isEmpty() && health.values().stream().allMatch(h -> h.startsWith("ok"))) return;
            sleep(500);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("alert rules that do not evaluate cleanly: " + health);
    }

    private JsonNode query(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("success", body.path("status").asText(), url + " -> " + response.body());
        return body;
    }

    private double value(String api, String expr) throws IOException, InterruptedException {
        JsonNode result = query(api + "query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)).path("data").path("result");
        return result.isEmpty() ? Double.NaN : result.get(0).path("value").get(1).asDouble();
    }

    private void awaitValue(String api, String expr, Predicate<Double> done) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        double last;
        do {
            last = value(api, expr);
            if (!Double.isNaN(last) && done.test(last)) return;
            sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("Prometheus never saw the expected value of " + expr + " (last: " + last + ")");
    }

    private static List<String> concat(java.util.Collection<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
