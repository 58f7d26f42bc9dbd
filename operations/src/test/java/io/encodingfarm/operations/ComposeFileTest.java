package io.encodingfarm.operations;

import static io.encodingfarm.operations.KubeObjects.list;
import static io.encodingfarm.operations.KubeObjects.map;
import static io.encodingfarm.operations.KubeObjects.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.encodingfarm.core.config.ConfigKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Docker is not available on this project's machines, so docker-compose.yml is kept honest here:
 * settings are real configuration keys, images build from real Dockerfile targets, services have
 * health checks and their declared ports, dependencies exist, credentials come from .env, and
 * Prometheus scrapes every service where it listens.
 */
class ComposeFileTest {
    private static final Path ROOT = Tools.repoRoot();
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(:?[-?][^}]*)?}");
    private static Map<String, Object> services;
    private static String composeText;

    @BeforeAll
    static void load() throws IOException {
        composeText = Files.readString(ROOT.resolve("docker-compose.yml"));
        services = map(Tools.yamlDocuments(composeText).get(0), "services");
    }

    /** Services that run once and exit: they need no health check. */
    private static boolean oneShot(Object service) {
        return "no".equals(string(service, "restart")) || list(service, "profiles").contains("cli");
    }

    /** Services built from this repository that run a farm service with an HTTP endpoint. */
    private static boolean farmService(Object service) {
        return !map(service, "build").isEmpty() && !oneShot(service);
    }

    @Test
    void everyServiceHasAnImageAndLongRunningOnesAHealthCheck() {
        List<String> problems = new ArrayList<>();
        services.forEach((name, service) -> {
            if (string(service, "image") == null && map(service, "build").isEmpty()) problems.add(name + ": no image or build");
            if (!oneShot(service) && list(service, "healthcheck", "test").isEmpty()) problems.add(name + ": no healthcheck test");
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void buildTargetsExistInTheDockerfile() throws IOException {
        Set<String> targets = Files.readAllLines(ROOT.resolve("Dockerfile")).stream()
                .map(line -> line.trim().split("\\s+")).filter(w -> w.length == 4 && w[0].equals("FROM") && w[2].equalsIgnoreCase("AS"))
                .map(w -> w[3]).collect(Collectors.toSet());
        services.forEach((name, service) -> {
            if (map(service, "build").isEmpty()) return;
            assertEquals(".", string(service, "build", "context"), name + " builds from the repository root");
            assertTrue(targets.contains(string(service, "build", "target")), name + ": Dockerfile has no target "
                    + string(service, "build", "target") + " (targets: " + targets + ")");
        });
    }

    @Test
    void farmSettingsAreRealConfigurationKeys() {
        Set<String> envNames = Arrays.stream(ConfigKey.values()).map(ConfigKey::envName).collect(Collectors.toSet());
        List<String> problems = new ArrayList<>();
        services.forEach((name, service) -> map(service, "environment").keySet().stream()
                .filter(k -> k.startsWith("FARM_") && !envNames.contains(k) && !k.startsWith("FARM_KAFKA_CLIENT_"))
                .forEach(k -> problems.add(name + ": " + k + " is read by no service (see `farm config`)")));
        assertEquals(List.of(), problems);
    }

    @Test
    void farmServicesGetEverySettingWithoutDefault() {
        List<ConfigKey> required = Arrays.stream(ConfigKey.values()).filter(k -> k.defaultValue() == null).toList();
        services.forEach((name, service) -> {
            if (!farmService(service) || "lag-exporter".equals(name)) return;
            for (ConfigKey key : required) {
                assertTrue(map(service, "environment").containsKey(key.envName()), name + " lacks " + key.envName());
            }
            assertEquals("kafka:9092", string(service, "environment", ConfigKey.KAFKA_BOOTSTRAP_SERVERS.envName()), name);
            assertEquals("http://minio:9000", string(service, "environment", ConfigKey.S3_ENDPOINT.envName()), name);
        });
    }

    @Test
    void endpointsListenWhereHealthChecksPortsAndPrometheusLook() throws IOException {
        Object prometheus = Tools.yamlDocuments(Files.readString(ROOT.resolve("ops/prometheus/prometheus.yml"))).get(0);
        Set<String> scraped = new TreeSet<>();
        for (Object job : list(prometheus, "scrape_configs")) {
            list(job, "static_configs").forEach(c -> list(c, "targets").forEach(t -> scraped.add(t.toString())));
            list(job, "dns_sd_configs").forEach(c -> list(c, "names").forEach(n -> scraped.add(n + ":" + string(c, "port"))));
        }
        services.forEach((name, service) -> {
            if (!farmService(service)) return;
            assertEquals("0.0.0.0", string(service, "environment", ConfigKey.HTTP_HOST.envName()), name + " must listen beyond loopback");
            String port = string(service, "environment", ConfigKey.HTTP_PORT.envName());
            String check = String.join(" ", list(service, "healthcheck", "test").stream().map(Object::toString).toList());
            assertTrue(check.contains("/" + port + " ") || check.contains(":" + port + "/"), name + " health check misses port " + port);
            assertTrue(check.contains("/q/health"), name + " health check must ask /q/health");
            assertTrue(scraped.contains(name + ":" + port), "Prometheus does not scrape " + name + ":" + port + " (targets: " + scraped + ")");
            for (Object mapping : list(service, "ports")) {
                String[] parts = mapping.toString().split(":");
                assertEquals(port, parts[parts.length - 1], name + " publishes " + mapping + " but listens on " + port);
            }
        });
        assertTrue(scraped.stream().filter(t -> !t.startsWith("localhost")).allMatch(t -> services.containsKey(t.split(":")[0])),
                "Prometheus scrapes services compose does not run: " + scraped);
    }

    @Test
    void publishedPortsStayOnLoopback() {
        services.forEach((name, service) -> list(service, "ports").forEach(p ->
                assertTrue(p.toString().startsWith("127.0.0.1:"), name + " publishes " + p + " on every interface")));
    }

    @Test
    void dependenciesExistAndWaitForWhatTheyNeed() {
        services.forEach((name, service) -> map(service, "depends_on").forEach((dependency, spec) -> {
            assertTrue(services.containsKey(dependency), name + " depends on unknown service " + dependency);
            String condition = string(spec, "condition");
            Object target = services.get(dependency);
            if ("service_healthy".equals(condition)) {
                assertTrue(!list(target, "healthcheck", "test").isEmpty(), name + " waits for " + dependency + " to be healthy, but it has no healthcheck");
            } else if ("service_completed_successfully".equals(condition)) {
                assertTrue(oneShot(target), name + " waits for " + dependency + " to exit, but it keeps running");
            } else {
                throw new AssertionError(name + " depends on " + dependency + " without a condition (" + condition + ")");
            }
        }));
        for (String built : services.keySet().stream().filter(n -> farmService(services.get(n))).toList()) {
            assertTrue(map(services.get(built), "depends_on").containsKey("kafka"), built + " must wait for Kafka");
        }
    }

    @Test
    void credentialsComeFromTheEnvFile() throws IOException {
        Set<String> example = Files.readAllLines(ROOT.resolve(".env.example")).stream()
                .filter(l -> l.contains("=") && !l.startsWith("#")).map(l -> l.substring(0, l.indexOf('=')))
                .collect(Collectors.toSet());
        services.forEach((name, service) -> map(service, "environment").forEach((key, value) -> {
            if (key.matches(".*(PASSWORD|SECRET|ACCESS_KEY|TOKEN).*|.*_USER")) {
                assertTrue(value != null && VARIABLE.matcher(value.toString()).matches(),
                        name + ": " + key + " must come from .env, not be written in the file");
            }
        }));
        Matcher m = VARIABLE.matcher(composeText);
        Set<String> used = new TreeSet<>();
        while (m.find()) used.add(m.group(1));
        used.removeAll(example);
        assertEquals(Set.of(), used, "variables docker-compose.yml reads that .env.example does not document");
    }

    @Test
    void mountedInputsExist() {
        services.forEach((name, service) -> list(service, "volumes").forEach(v -> {
            String[] parts = v.toString().split(":");
            if (parts[0].startsWith("./") && parts.length == 3 && parts[2].equals("ro")) {
                assertTrue(Files.exists(ROOT.resolve(parts[0])), name + " mounts missing " + parts[0]);
            }
        }));
    }

    @Test
    void theCudaVariantReservesAnNvidiaGpu() {
        Object cuda = services.get("gpu-worker-cuda");
        assertTrue(list(cuda, "profiles").contains("gpu"), "the CUDA worker is opt-in (profile gpu)");
        Object device = list(cuda, "deploy", "resources", "reservations", "devices").get(0);
        assertEquals("nvidia", string(device, "driver"));
        assertTrue(list(device, "capabilities").contains("gpu"));
        assertEquals(string(services.get("gpu-worker"), "environment", ConfigKey.KAFKA_BOOTSTRAP_SERVERS.envName()),
                string(cuda, "environment", ConfigKey.KAFKA_BOOTSTRAP_SERVERS.envName()));
    }
}
