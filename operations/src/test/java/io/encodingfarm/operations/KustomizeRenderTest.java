package io.encodingfarm.operations;

import static io.encodingfarm.operations.KubeObjects.containers;
import static io.encodingfarm.operations.KubeObjects.id;
import static io.encodingfarm.operations.KubeObjects.kind;
import static io.encodingfarm.operations.KubeObjects.list;
import static io.encodingfarm.operations.KubeObjects.map;
import static io.encodingfarm.operations.KubeObjects.name;
import static io.encodingfarm.operations.KubeObjects.podLabels;
import static io.encodingfarm.operations.KubeObjects.podSpec;
import static io.encodingfarm.operations.KubeObjects.selects;
import static io.encodingfarm.operations.KubeObjects.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.encodingfarm.core.config.ConfigKey;
import io.encodingfarm.core.messaging.TaskKind;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders every overlay with {@code kubectl kustomize} and checks each object: core kinds against the
 * Kubernetes object model (fabric8; no unknown field), custom resources against the structural
 * schemas in k8s/schemas, and what the farm needs across objects (references resolve, probes, the
 * topics, groups and settings of the code, KEDA bounds, monitoring that matches ops/).
 */
class KustomizeRenderTest {
    private static final Path ROOT = Tools.repoRoot();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, String> CORE_MODELS = Map.of(
            "v1/Namespace", "io.fabric8.kubernetes.api.model.Namespace",
            "v1/ConfigMap", "io.fabric8.kubernetes.api.model.ConfigMap",
            "v1/Secret", "io.fabric8.kubernetes.api.model.Secret",
            "v1/Service", "io.fabric8.kubernetes.api.model.Service",
            "apps/v1/Deployment", "io.fabric8.kubernetes.api.model.apps.Deployment",
            "apps/v1/StatefulSet", "io.fabric8.kubernetes.api.model.apps.StatefulSet",
            "batch/v1/Job", "io.fabric8.kubernetes.api.model.batch.v1.Job",
            "batch/v1/CronJob", "io.fabric8.kubernetes.api.model.batch.v1.CronJob",
            "policy/v1/PodDisruptionBudget", "io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget",
            "networking.k8s.io/v1/Ingress", "io.fabric8.kubernetes.api.model.networking.v1.Ingress");
    /** Objects an overlay expects the cluster to have already (created by hand; docs/operations.md). */
    private static final Map<String, Set<String>> EXTERNAL = Map.of(
            "dev", Set.of("ConfigMap/farm-sweep"),
            "gpu-cluster", Set.of("ConfigMap/farm-sweep", "Secret/farm-s3-credentials", "Secret/farm-reporter-tls",
                    "Secret/farm-reporter-token"));
    private static final Map<String, List<Object>> RENDERED = new HashMap<>();

    static Stream<String> overlays() {
        return EXTERNAL.keySet().stream().sorted();
    }

    static List<Object> render(String overlay) {
        return RENDERED.computeIfAbsent(overlay, o -> {
            Path kubectl = Tools.require("kubectl", "https://kubernetes.io/docs/tasks/tools/ (kustomize is built in)");
            Tools.Result result = Tools.run(Duration.ofSeconds(60), kubectl.toString(), "kustomize",
                    ROOT.resolve("k8s/overlays").resolve(o).toString());
            assertEquals(0, result.exitCode(), "kubectl kustomize k8s/overlays/" + o + " failed:\n" + result.output());
            return Tools.yamlDocuments(result.output());
        });
    }

    @Test
    void everyOverlayDirectoryIsChecked() throws IOException {
        try (Stream<Path> overlays = Files.list(ROOT.resolve("k8s/overlays"))) {
            assertEquals(EXTERNAL.keySet(), overlays.map(p -> p.getFileName().toString()).collect(Collectors.toSet()),
                    "each overlay directory needs its row in EXTERNAL, which also makes the checks below run on it");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void coreObjectsMatchTheKubernetesModel(String overlay) throws Exception {
        List<String> problems = new ArrayList<>();
        for (Object object : render(overlay)) {
            String model = CORE_MODELS.get(string(object, "apiVersion") + "/" + kind(object));
            if (model == null) continue;
            Object typed = MAPPER.convertValue(object, Class.forName(model));
            unknownFields(typed, id(object), problems);
        }
        assertEquals(List.of(), problems, overlay + ": fields the Kubernetes API does not know");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void customResourcesMatchTheirSchemas(String overlay) throws IOException {
        Map<String, StructuralSchema> schemas = schemas();
        List<String> problems = new ArrayList<>();
        for (Object object : render(overlay)) {
            String type = string(object, "apiVersion") + "/" + kind(object);
            if (CORE_MODELS.containsKey(type)) continue;
            StructuralSchema schema = schemas.get(type);
            if (schema == null) {
                problems.add(id(object) + ": no schema for " + type + " in k8s/schemas and not a checked core kind");
                continue;
            }
            schema.violations(object).forEach(v -> problems.add(id(object) + " " + v));
        }
        assertEquals(List.of(), problems, overlay + ": custom resources that break their schemas");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void workloadsAreComplete(String overlay) {
        List<String> problems = new ArrayList<>();
        for (Object object : render(overlay)) {
            Map<String, Object> pod = podSpec(object);
            if (pod == null) continue;
            boolean longRunning = Set.of("Deployment", "StatefulSet").contains(kind(object));
            if (!Boolean.TRUE.equals(map(pod, "securityContext").get("runAsNonRoot"))) {
                problems.add(id(object) + ": pod securityContext.runAsNonRoot is not true");
            }
            if (longRunning && !selects(map(object, "spec", "selector", "matchLabels"), podLabels(object))) {
                problems.add(id(object) + ": spec.selector does not match the pod template's labels");
            }
            Set<String> volumes = list(pod, "volumes").stream().map(v -> string(v, "name")).collect(Collectors.toSet());
            list(object, "spec", "volumeClaimTemplates").forEach(v -> volumes.add(name(v)));
            List<Object> mains = list(pod, "containers");
            for (Map<String, Object> c : containers(pod)) {
                String where = id(object) + " container " + c.get("name");
                if (string(c, "image") == null || string(c, "image").isBlank()) problems.add(where + ": no image");
                for (String need : List.of("requests.cpu", "requests.memory", "limits.memory")) {
                    String[] path = need.split("\\.");
                    if (map(c, "resources", path[0]).get(path[1]) == null) problems.add(where + ": no resources." + need);
                }
                for (Object mount : list(c, "volumeMounts")) {
                    if (!volumes.contains(string(mount, "name"))) problems.add(where + ": mounts unknown volume " + string(mount, "name"));
                }
                if (longRunning && mains.contains(c)) {
                    Set<Object> ports = new TreeSet<>();
                    list(c, "ports").forEach(p -> {
                        ports.add(string(p, "name"));
                        ports.add(string(p, "containerPort"));
                    });
                    for (String probe : List.of("livenessProbe", "readinessProbe")) {
                        Object port = KubeObjects.at(c, probe, "httpGet", "port");
                        if (port == null) problems.add(where + ": no HTTP " + probe);
                        else if (!ports.contains(port.toString())) problems.add(where + ": " + probe + " uses undeclared port " + port);
                    }
                }
            }
        }
        assertEquals(List.of(), problems, overlay);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void referencesResolve(String overlay) {
        List<Object> objects = render(overlay);
        Map<String, Object> byId = new HashMap<>();
        objects.forEach(o -> byId.put(id(o), o));
        Set<String> external = EXTERNAL.get(overlay);
        List<String> problems = new ArrayList<>();
        for (Object object : objects) {
            Map<String, Object> pod = podSpec(object);
            if (pod == null) continue;
            List<String[]> refs = new ArrayList<>();
            for (Map<String, Object> c : containers(pod)) {
                for (Object env : list(c, "env")) {
                    for (String source : List.of("configMapKeyRef", "secretKeyRef")) {
                        Map<String, Object> ref = map(env, "valueFrom", source);
                        if (!ref.isEmpty() && !Boolean.TRUE.equals(ref.get("optional"))) {
                            refs.add(new String[] {source.startsWith("config") ? "ConfigMap" : "Secret", string(ref, "name"), string(ref, "key")});
                        }
                    }
                }
                for (Object from : list(c, "envFrom")) {
                    if (!map(from, "configMapRef").isEmpty()) refs.add(new String[] {"ConfigMap", string(from, "configMapRef", "name"), null});
                    if (!map(from, "secretRef").isEmpty()) refs.add(new String[] {"Secret", string(from, "secretRef", "name"), null});
                }
            }
            for (Object volume : list(pod, "volumes")) {
                if (!map(volume, "configMap").isEmpty()) refs.add(new String[] {"ConfigMap", string(volume, "configMap", "name"), null});
                if (!map(volume, "secret").isEmpty()) refs.add(new String[] {"Secret", string(volume, "secret", "secretName"), null});
            }
            for (String[] ref : refs) {
                String target = ref[0] + "/" + ref[1];
                Object found = byId.get(target);
                if (found == null && !external.contains(target)) {
                    problems.add(id(object) + " refers to " + target + ", which the overlay neither renders nor lists as external");
                } else if (found != null && ref[2] != null && !map(found, "data").containsKey(ref[2])
                        && !map(found, "stringData").containsKey(ref[2])) {
                    problems.add(id(object) + " refers to key " + ref[2] + " missing from " + target);
                }
            }
        }
        List<Object> workloads = objects.stream().filter(o -> podSpec(o) != null).toList();
        for (Object object : objects) {
            Map<String, Object> selector = switch (kind(object)) {
                case "Service" -> map(object, "spec", "selector");
                case "PodDisruptionBudget" -> map(object, "spec", "selector", "matchLabels");
                default -> null;
            };
            if (selector != null && workloads.stream().noneMatch(w -> selects(selector, podLabels(w)))) {
                problems.add(id(object) + " selects no pods: " + selector);
            }
            if ("ScaledObject".equals(kind(object))
                    && !byId.containsKey("Deployment/" + string(object, "spec", "scaleTargetRef", "name"))) {
                problems.add(id(object) + " scales a Deployment the overlay does not have");
            }
            for (Object tls : list(object, "spec", "tls")) {
                String secret = "Secret/" + string(tls, "secretName");
                if (!byId.containsKey(secret) && !external.contains(secret)) problems.add(id(object) + " needs " + secret);
            }
        }
        assertEquals(List.of(), problems, overlay);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void kafkaAndAutoscalingMatchTheCode(String overlay) {
        List<Object> objects = render(overlay);
        Map<String, Integer> partitions = new HashMap<>();
        objects.stream().filter(o -> "KafkaTopic".equals(kind(o))).forEach(t ->
                partitions.put(string(t, "spec", "topicName"), (Integer) KubeObjects.at(t, "spec", "partitions")));
        Set<String> topics = Stream.of(ConfigKey.TOPIC_EXTRACT, ConfigKey.TOPIC_FIT, ConfigKey.TOPIC_EVENTS, ConfigKey.TOPIC_DEAD)
                .map(ConfigKey::defaultValue).collect(Collectors.toSet());
        assertEquals(topics, partitions.keySet(), "KafkaTopics must be exactly the farm's topics");
        int configured = Integer.parseInt(ConfigKey.TOPIC_PARTITIONS.defaultValue());
        partitions.forEach((topic, n) -> assertEquals(configured, n, topic + " partitions"));

        Map<String, Object> farmConfig = objects.stream().filter(o -> "ConfigMap/farm-config".equals(id(o))).findFirst()
                .map(o -> map(o, "data")).orElseThrow(() -> new AssertionError("no ConfigMap farm-config"));
        Set<String> envNames = Arrays.stream(ConfigKey.values()).map(ConfigKey::envName).collect(Collectors.toSet());
        for (String key : farmConfig.keySet()) assertTrue(envNames.contains(key), "farm-config key " + key + " is no ConfigKey");
        assertEquals(String.valueOf(configured), farmConfig.get(ConfigKey.TOPIC_PARTITIONS.envName()));
        String bootstrap = farmConfig.get(ConfigKey.KAFKA_BOOTSTRAP_SERVERS.envName()).toString();
        Object kafka = objects.stream().filter(o -> "Kafka".equals(kind(o))).findFirst().orElseThrow();
        Object plain = list(kafka, "spec", "kafka", "listeners").stream().filter(l -> Boolean.FALSE.equals(KubeObjects.at(l, "tls")))
                .findFirst().orElseThrow(() -> new AssertionError("the Kafka CR has no plain listener"));
        assertEquals(name(kafka) + "-kafka-bootstrap:" + string(plain, "port"), bootstrap,
                "FARM_KAFKA_BOOTSTRAP_SERVERS must be Strimzi's bootstrap service of the plain listener");

        Map<String, String> groupOfTopic = Map.of(ConfigKey.TOPIC_EXTRACT.defaultValue(), TaskKind.EXTRACTION.consumerGroup(),
                ConfigKey.TOPIC_FIT.defaultValue(), TaskKind.FIT.consumerGroup());
        List<Object> scaled = objects.stream().filter(o -> "ScaledObject".equals(kind(o))).toList();
        assertEquals(2, scaled.size(), "one ScaledObject per worker kind");
        for (Object so : scaled) {
            for (Object trigger : list(so, "spec", "triggers")) {
                String topic = string(trigger, "metadata", "topic");
                assertEquals(groupOfTopic.get(topic), string(trigger, "metadata", "consumerGroup"), id(so) + " group of " + topic);
                assertEquals(bootstrap, string(trigger, "metadata", "bootstrapServers"), id(so));
                int max = (Integer) KubeObjects.at(so, "spec", "maxReplicaCount");
                assertTrue(max <= partitions.get(topic), id(so) + ": " + max + " replicas > " + partitions.get(topic)
                        + " partitions would leave workers idle");
            }
            assertEquals(0, KubeObjects.at(so, "spec", "minReplicaCount"), id(so) + " scales to zero");
            Object target = objects.stream().filter(o -> ("Deployment/" + string(so, "spec", "scaleTargetRef", "name")).equals(id(o)))
                    .findFirst().orElseThrow();
            Object grace = KubeObjects.at(podSpec(target), "terminationGracePeriodSeconds");
            assertTrue(grace instanceof Integer g && g >= 45, id(target) + ": terminationGracePeriodSeconds " + grace
                    + " leaves the worker less than its 30 s to finish a task on scale-down");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void monitoringMatchesOps(String overlay) throws IOException {
        List<Object> objects = render(overlay);
        Object rule = objects.stream().filter(o -> "PrometheusRule".equals(kind(o))).findFirst().orElseThrow();
        Object rules = Tools.yamlDocuments(Files.readString(ROOT.resolve("ops/prometheus/rules.yml"))).get(0);
        assertEquals(rules, map(rule, "spec"), "the PrometheusRule's groups must equal ops/prometheus/rules.yml");

        Object dashboard = objects.stream().filter(o -> "ConfigMap/farm-grafana-dashboard".equals(id(o))).findFirst().orElseThrow();
        assertEquals(Files.readString(ROOT.resolve("ops/grafana/dashboards/encoding-farm.json")),
                map(dashboard, "data").get("encoding-farm.json"));
        assertEquals("1", string(dashboard, "metadata", "labels", "grafana_dashboard"));

        Object monitor = objects.stream().filter(o -> "PodMonitor".equals(kind(o))).findFirst().orElseThrow();
        String jobLabel = string(monitor, "spec", "jobLabel");
        String port = string(list(monitor, "spec", "podMetricsEndpoints").get(0), "port");
        Set<String> jobs = new TreeSet<>();
        for (Object w : objects) {
            if (!"Deployment".equals(kind(w)) || !matches(map(monitor, "spec", "selector"), podLabels(w))) continue;
            jobs.add(string(podLabels(w), jobLabel));
            boolean hasPort = list(podSpec(w), "containers").stream().flatMap(c -> list(c, "ports").stream())
                    .anyMatch(p -> port.equals(string(p, "name")));
            assertTrue(hasPort, id(w) + " has no container port named " + port + " for the PodMonitor");
        }
        Set<String> composeJobs = list(Tools.yamlDocuments(Files.readString(ROOT.resolve("ops/prometheus/prometheus.yml"))).get(0),
                "scrape_configs").stream().map(j -> string(j, "job_name")).filter(j -> !"prometheus".equals(j))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(composeJobs, jobs, "k8s job labels and compose job names must agree (rules and dashboard select on them)");
    }

    @Test
    void gpuClusterPutsExtractionOnGpus() {
        Object gpu = render("gpu-cluster").stream().filter(o -> "Deployment/gpu-worker".equals(id(o))).findFirst().orElseThrow();
        Map<String, Object> pod = podSpec(gpu);
        Map<String, Object> container = map(list(pod, "containers").get(0));
        assertEquals(1, map(container, "resources", "limits").get("nvidia.com/gpu"));
        assertTrue(string(container, "image").contains("gpu-worker-cuda"), string(container, "image"));
        assertFalse(map(pod, "nodeSelector").isEmpty(), "GPU pods need a node selector");
        assertTrue(list(pod, "tolerations").stream().anyMatch(t -> "nvidia.com/gpu".equals(string(t, "key"))));
        Object reporter = render("gpu-cluster").stream().filter(o -> "Deployment/reporter".equals(id(o))).findFirst().orElseThrow();
        assertTrue(list(map(list(podSpec(reporter), "containers").get(0)), "env").stream()
                        .anyMatch(e -> "FARM_REPORTER_TOKEN".equals(string(e, "name"))
                                && Boolean.FALSE.equals(KubeObjects.at(e, "valueFrom", "secretKeyRef", "optional"))),
                "the reporter behind the Ingress requires its token");
        Object devGpu = render("dev").stream().filter(o -> "Deployment/gpu-worker".equals(id(o))).findFirst().orElseThrow();
        assertFalse(map(list(podSpec(devGpu), "containers").get(0), "resources", "limits").containsKey("nvidia.com/gpu"),
                "dev runs extraction on CPU");
    }

    /** The checks have teeth: a misspelt field in a core object and in a custom resource are both caught. */
    @Test
    @SuppressWarnings("unchecked")
    void misspeltFieldsAreCaught() throws Exception {
        List<Object> objects = render("dev");
        Map<String, Object> deployment = MAPPER.convertValue(objects.stream().filter(o -> "Deployment/fit-worker".equals(id(o)))
                .findFirst().orElseThrow(), Map.class);
        ((Map<String, Object>) list(podSpec(deployment), "containers").get(0)).put("imagePullPolicyy", "Always");
        List<String> problems = new ArrayList<>();
        unknownFields(MAPPER.convertValue(deployment, Class.forName(CORE_MODELS.get("apps/v1/Deployment"))), "d", problems);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("imagePullPolicyy"), problems.get(0));

        Map<String, Object> scaled = MAPPER.convertValue(objects.stream().filter(o -> "ScaledObject".equals(kind(o)))
                .findFirst().orElseThrow(), Map.class);
        Map<String, Object> trigger = (Map<String, Object>) list(scaled, "spec", "triggers").get(0);
        ((Map<String, Object>) trigger.get("metadata")).put("lagThreshhold", "5");
        ((Map<String, Object>) scaled.get("spec")).put("minReplicaCount", "0");
        List<String> violations = schemas().get("keda.sh/v1alpha1/ScaledObject").violations(scaled);
        assertEquals(2, violations.size(), violations.toString());
        assertTrue(violations.stream().anyMatch(v -> v.contains("lagThreshhold: unknown field")), violations.toString());
        assertTrue(violations.stream().anyMatch(v -> v.contains("spec.minReplicaCount: expected integer")), violations.toString());
    }

    /** A label selector with matchLabels and matchExpressions (In only, the kind the farm uses). */
    private static boolean matches(Map<String, Object> selector, Map<String, Object> labels) {
        boolean ok = map(selector, "matchLabels").entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        for (Object expression : list(selector, "matchExpressions")) {
            assertEquals("In", string(expression, "operator"), "only In expressions are checked");
            ok &= list(expression, "values").contains(labels.get(string(expression, "key")));
        }
        return ok;
    }

    private static Map<String, StructuralSchema> schemas() throws IOException {
        Map<String, StructuralSchema> schemas = new HashMap<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("k8s/schemas"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Object doc = Tools.yamlDocuments(Files.readString(file)).get(0);
                schemas.put(string(doc, "apiVersion") + "/" + string(doc, "kind"),
                        new StructuralSchema(map(doc, "schema"), map(doc, "definitions")));
            }
        }
        return schemas;
    }

    /** Every non-empty additionalProperties map in a fabric8 object tree is a field the API does not know. */
    private static void unknownFields(Object value, String path, List<String> problems)
            throws InvocationTargetException, IllegalAccessException {
        if (value instanceof List<?> items) {
            for (int i = 0; i < items.size(); i++) unknownFields(items.get(i), path + "[" + i + "]", problems);
            return;
        }
        if (value instanceof Map<?, ?> entries) {
            for (Map.Entry<?, ?> e : entries.entrySet()) unknownFields(e.getValue(), path + "." + e.getKey(), problems);
            return;
        }
        if (value == null || !value.getClass().getName().startsWith("io.fabric8.")) return;
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object field = getter.invoke(value);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (field instanceof Map<?, ?> unknown && !unknown.isEmpty()) problems.add(path + ": unknown " + unknown.keySet());
            } else {
                unknownFields(field, path + "." + getter.getName().substring(3), problems);
            }
        }
    }
}
